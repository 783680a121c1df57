using MeshInfra.Model.Config;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

/// <summary>
/// <c>mesh.endpointResolution</c>: dns by default; static refuses every east-west gateway of a serving
/// cluster that would be dialled by a host name (Istio drops a STATIC endpoint that is not an IP), with one
/// error naming the key and the fix.
/// </summary>
public sealed class StaticEndpointConfigTests
{
    private const string Fix = "or set mesh.endpointResolution to 'dns'";

    private static string Static(string json) => json.Replace("\"meshId\": \"prod\",", "\"meshId\": \"prod\", \"endpointResolution\": \"static\",", StringComparison.Ordinal);

    [Fact]
    public void DnsIsTheDefault()
    {
        Assert.Equal(EndpointResolution.Dns, Configs.Spec(Configs.ThreeClusters).EndpointResolution);
        Assert.Equal(EndpointResolution.Static, Configs.Spec(Static(Configs.ThreeClusters)).EndpointResolution);
    }

    [Fact]
    public void AnUnknownResolutionIsAnError() =>
        Assert.Equal(["mesh.endpointResolution: 'STATIC' is not one of 'dns', 'static'"], Configs.Errors(Configs.ThreeClusters.Replace("\"meshId\": \"prod\",", "\"meshId\": \"prod\", \"endpointResolution\": \"STATIC\",", StringComparison.Ordinal)));

    [Fact]
    public void AStaticHostNameAddressIsRefused()
    {
        var json = Static(Configs.ThreeClusters).Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", "\"gateway\": { \"addressMode\": \"static\", \"address\": \"gw.example.com\" }", StringComparison.Ordinal);
        Assert.Equal([$"mesh.clusters[1].gateway.address: 'gw.example.com' is a DNS name, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): give the IP it resolves to, {Fix}"], Configs.Errors(json));
        Assert.Empty(Configs.Errors(json.Replace("gw.example.com", "203.0.113.7", StringComparison.Ordinal)));
    }

    [Fact]
    public void AHostNameNodeAddressIsRefused()
    {
        var json = Static(Configs.ThreeClusters).Replace("\"nodeAddress\": \"192.0.2.10\"", "\"nodeAddress\": \"node1.example.com\"", StringComparison.Ordinal);
        Assert.Equal([$"mesh.clusters[2].gateway.nodeAddress: 'node1.example.com' is a DNS name, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): give the node's IP, {Fix}"], Configs.Errors(json));
    }

    [Fact]
    public void AnAwsInternalLoadBalancerIsRefused()
    {
        var json = Static(Configs.ThreeClusters).Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", "\"gateway\": { \"addressMode\": \"loadBalancer\", \"internalLoadBalancer\": \"eks\" }", StringComparison.Ordinal);
        Assert.Equal([$"mesh.clusters[1].gateway.internalLoadBalancer: an AWS load balancer publishes a host name, never an IP, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): put a static IP in front of it and give it as 'address' with addressMode 'static', {Fix}"], Configs.Errors(json));
    }

    [Fact]
    public void ExternalDnsIsRefused()
    {
        var json = Static(Configs.ThreeClusters)
            .Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", "\"gateway\": { \"addressMode\": \"externalDns\" }", StringComparison.Ordinal)
            .Replace("\"services\": [", "\"externalDns\": { \"zone\": \"mesh.example.com\" }, \"services\": [", StringComparison.Ordinal);
        Assert.Equal([$"mesh.clusters[1].gateway.addressMode: 'externalDns' dials the gateway by a DNS name, and mesh.endpointResolution 'static' needs an IP (Istio takes only IPs as STATIC endpoints): give the load balancer's IP as 'address' with addressMode 'static', {Fix}"], Configs.Errors(json));
        Assert.Empty(Configs.Errors(json.Replace("\"endpointResolution\": \"static\",", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void AClusterThatServesNothingIsNotChecked()
    {
        // No other cluster dials the gateway of a cluster that serves no global host.
        var json = Static(Configs.ThreeClusters)
            .Replace("\"gateway\": { \"addressMode\": \"loadBalancer\" }", "\"gateway\": { \"addressMode\": \"static\", \"address\": \"gw.example.com\" }", StringComparison.Ordinal)
            .Replace("\"clusters\": [\"west\"]", "\"clusters\": [\"east\"]", StringComparison.Ordinal);
        Assert.Empty(Configs.Errors(json));
    }

    [Theory]
    [InlineData("a1b2.elb.us-east-1.amazonaws.com", "'a1b2.elb.us-east-1.amazonaws.com' is not an IPv4 address, and mesh.endpointResolution 'static' needs one (Istio takes only IPs as STATIC endpoints; an AWS load balancer publishes a host name): give the IP, or set mesh.endpointResolution to 'dns'")]
    [InlineData("203.0.113.7", null)]
    public void ALoadBalancersAddressMustBeAnIpAtDeployTime(string address, string? problem) =>
        Assert.Equal(problem, StaticEndpointRules.DeployTimeProblem(address));
}
