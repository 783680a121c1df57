using MeshInfra.Model.Addressing;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

/// <summary>A gateway address another cluster can never dial is an error; a private one a warning.</summary>
public sealed class GatewayAddressTests
{
    private static string Static(string address) =>
        Configs.ThreeClusters.Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", $"\"gateway\": {{ \"addressMode\": \"static\", \"address\": \"{address}\" }}", StringComparison.Ordinal);

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1 is a loopback address (127.0.0.0/8), which no other cluster can dial; give the address other clusters reach the gateway at")]
    [InlineData("169.254.10.1", "169.254.10.1 is a link-local address (169.254.0.0/16), which no other cluster can dial; give the address other clusters reach the gateway at")]
    [InlineData("0.0.0.0", "0.0.0.0 is in 0.0.0.0/8 (this host, unspecified), which no other cluster can dial; give the address other clusters reach the gateway at")]
    [InlineData("240.0.0.7", "240.0.0.7 is in the reserved range 240.0.0.0/4 (where the mesh's own service addresses live), which no other cluster can dial; give the address other clusters reach the gateway at")]
    [InlineData("255.255.255.255", "255.255.255.255 is in the reserved range 240.0.0.0/4 (where the mesh's own service addresses live), which no other cluster can dial; give the address other clusters reach the gateway at")]
    [InlineData("239.1.2.3", "239.1.2.3 is a multicast address (224.0.0.0/4), which no other cluster can dial; give the address other clusters reach the gateway at")]
    public void AnUndialableGatewayAddressIsAnError(string address, string problem)
    {
        Assert.Equal([$"mesh.clusters[1].gateway.address: {problem}"], Configs.Errors(Static(address)));
        Assert.Equal(problem, ReachableAddress.Problem(address));
    }

    [Theory]
    [InlineData("10.1.2.3", "10.0.0.0/8")]
    [InlineData("172.18.0.5", "172.16.0.0/12")]
    [InlineData("192.168.1.1", "192.168.0.0/16")]
    [InlineData("100.64.0.9", "100.64.0.0/10")]
    public void APrivateGatewayAddressIsAWarning(string address, string range)
    {
        var spec = Configs.Spec(Static(address));
        var warning = Assert.Single(spec.Warnings, w => w.Path == "mesh.clusters[1].gateway.address");
        Assert.Equal($"{address} is a private address ({range}): clusters on other networks reach it only where the networks are joined (VPN, peering, one Docker network); give the address they dial", warning.Message);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("gw.example.com")]
    [InlineData("172.32.0.1")]
    public void APublicAddressOrAHostNameIsAccepted(string address)
    {
        var spec = Configs.Spec(Static(address));
        // The base config's NodePort cluster has its own warning (an unpinned gateway.nodePort), about no address.
        Assert.DoesNotContain(spec.Warnings, w => w.Path.StartsWith("mesh.clusters", StringComparison.Ordinal) && !w.Path.EndsWith(".gateway.nodePort", StringComparison.Ordinal));
    }
}
