using System.Text.Json.Nodes;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

/// <summary>A service whose pods run without a sidecar cannot be reached through AUTO_PASSTHROUGH: refused at validation, not a 503.</summary>
public sealed class SidecarlessServiceTests
{
    [Fact]
    public void AServiceWithoutASidecarIsRefusedForExportWithTheReason()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => root["services"]![2]!.AsObject()["sidecar"] = JsonValue.Create(false));
        Assert.Equal(["mesh.services[2].sidecar: false: stock.inv cannot be exported across clusters, since the east-west gateway passes the client's mTLS through to the pod and keeps only pods with an Istio sidecar (every request would get 503); inject a sidecar into its pods, or leave it out of mesh.services"], errors);
    }

    [Fact]
    public void SidecarTrueIsTheDefaultAndAccepted() =>
        Assert.Empty(Configs.Errors(Configs.ThreeClusters, root => root["services"]![2]!.AsObject()["sidecar"] = JsonValue.Create(true)));
}
