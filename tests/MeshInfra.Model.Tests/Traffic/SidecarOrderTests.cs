using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Several Sidecars that could scope one pod: istiod sorts them by creation time, selectors first, and takes the
/// first that applies (pilot/pkg/model/push_context.go, initSidecarScopes with sortConfigByCreationTime, then
/// doGetSidecarScope; the same at 1.30.3 and 1.31.0-rc.0).
/// </summary>
public sealed class SidecarOrderTests
{
    private static MapNode Sidecar(string name, string created, string? selector = null) =>
        (MapNode)ManifestJson.FromJson(JsonDocument.Parse(
            "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Sidecar\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"shop\", \"creationTimestamp\": \"" + created + "\" }, \"spec\": { "
            + (selector is null ? "" : "\"workloadSelector\": { \"labels\": { \"app\": \"" + selector + "\" } }, ")
            + "\"egress\": [ { \"hosts\": [ \"./*\" ] } ] } }").RootElement)!;

    [Fact]
    public void TheOldestSidecarOfAKindWinsWhateverItsNameAndASelectorOneBeatsAnOlderNamespaceOne()
    {
        var cluster = new TrafficModel([new ClusterState("c1", null,
            [Sidecar("a-newer", "2026-12-01T10:00:01Z"), Sidecar("z-older", "2026-12-01T10:00:00Z"), Sidecar("b-web", "2026-12-01T11:00:00Z", "web")],
            ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];
        Assert.Equal("z-older", cluster.SidecarFor(cluster.AssumedClient("shop", "cart"))?.Source.Name);
        Assert.Equal("b-web", cluster.SidecarFor(cluster.AssumedClient("shop", "web"))?.Source.Name);
    }
}
