using System.Collections.Immutable;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Which hosts a proxy under a Sidecar knows, per port: pilot/pkg/model/sidecar.go at 1.30.3 and 1.31.0-rc.0,
/// initSidecarScopeInternalIndexes (a Sidecar without egress gets one listener importing <c>*/*</c>),
/// SidecarScope.GetEgressListenerForRDS and the egress listeners' ports (a listener with a port serves only
/// that port), IstioEgressListenerWrapper.selectServices with hostClassification.Matches (an entry imports a
/// host it names exactly or a wildcard entry that covers it; one matching entry of a namespace is enough).
/// </summary>
public sealed class SidecarImportMutantTests
{
    private const string Cart = "cart.shop.svc.cluster.local";

    private static SidecarView Sidecar(params SidecarEgressListener[] egress) =>
        new("web", ImmutableSortedDictionary<string, string>.Empty, [.. egress], null, new ObjectRef("c1", "Sidecar", "web", "default"));

    [Fact]
    public void ASidecarWithoutEgressImportsEveryHostOfEveryNamespaceOnEveryPort()
    {
        var sidecar = Sidecar();
        Assert.True(sidecar.Imports(Cart, "shop", 9080, "web", "1.30"));
        Assert.True(sidecar.Imports(Cart, "shop", 9080, "web", "1.31"));
    }

    [Fact]
    public void AListenerBoundToThePortOfTheRequestImportsItsHosts()
    {
        var sidecar = Sidecar(new SidecarEgressListener(9080, ["shop/*"]));
        Assert.True(sidecar.Imports(Cart, "shop", 9080, "web", "1.30"));
        Assert.False(sidecar.Imports(Cart, "shop", 8080, "web", "1.30"));
    }

    [Fact]
    public void OneListenerThatImportsTheHostIsEnoughWhenAnotherDoesNot()
    {
        var sidecar = Sidecar(new SidecarEgressListener(9080, ["./*"]), new SidecarEgressListener(null, ["shop/*"]));
        Assert.True(sidecar.Imports(Cart, "shop", 9080, "web", "1.30"));
    }

    [Fact]
    public void OneEntryOfTheNamespaceThatNamesTheHostIsEnoughWhenAnotherDoesNot()
    {
        Assert.True(SidecarView.ListenerImports(["shop/reviews.shop.svc.cluster.local", $"shop/{Cart}"], Cart, "shop", "web", "1.30"));
    }

    [Fact]
    public void AWildcardEntryImportsOnlyTheHostsUnderItsSuffix()
    {
        Assert.False(SidecarView.ListenerImports(["*/*.example.com"], Cart, "shop", "web", "1.30"));
        Assert.True(SidecarView.ListenerImports(["*/*.svc.cluster.local"], Cart, "shop", "web", "1.30"));
    }
}
