using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The gateway a VirtualService binds to, as istiod names it: pilot/pkg/model/config.go, resolveGatewayName
/// (1.30.3 and 1.31.0-rc.0, the same rules). The odd names here are what that function does with them, character
/// for character: any name holding a '/' is kept (only "./" is rewritten); a dotted name gives the text between
/// the first and second dots as the namespace, even when it is empty.
/// </summary>
public sealed class GatewayNameMutantTests
{
    [Theory]
    [InlineData("/ingress", "/ingress")]
    [InlineData("./ingress", "shop/ingress")]
    [InlineData("edge/ingress", "edge/ingress")]
    [InlineData(".ingress", "ingress/")]
    [InlineData("ingress..edge", "/ingress")]
    [InlineData("ingress.edge.svc.cluster.local", "edge/ingress")]
    [InlineData("ingress.edge", "edge/ingress")]
    [InlineData("ingress", "shop/ingress")]
    [InlineData("mesh", "mesh")]
    public void AGatewayNameResolvesAsIstiodResolvesIt(string name, string resolved)
    {
        Assert.Equal(resolved, VirtualServiceView.ResolveGatewayName(name, "shop"));
    }
}
