using System.Text.Json.Nodes;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

/// <summary>Configs that parse but could never deploy or route: each is one error naming the key and the fix.</summary>
public sealed class CannotWorkConfigTests
{
    private static JsonObject Edge(JsonObject root) => root["clusters"]![2]!.AsObject();

    [Fact]
    public void BothGatewaysOfAClusterCannotShareANodePort()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            Edge(root)["gateway"]!["nodePort"] = 31443;
            Edge(root)["ingressGateway"] = new JsonObject { ["addressMode"] = "nodePort", ["nodeAddress"] = "192.0.2.10", ["nodePort"] = 31443 };
        });

        Assert.Equal(["mesh.clusters[2].ingressGateway.nodePort: 31443 is also this cluster's gateway.nodePort; the east-west and ingress gateways are separate Services and cannot share a NodePort, so give one of them another"], errors);
    }

    [Fact]
    public void DifferentNodePortsForTheTwoGatewaysAreFine()
    {
        Assert.Empty(Configs.Errors(Configs.ThreeClusters, root =>
        {
            Edge(root)["gateway"]!["nodePort"] = 31443;
            Edge(root)["ingressGateway"] = new JsonObject { ["addressMode"] = "nodePort", ["nodeAddress"] = "192.0.2.10", ["nodePort"] = 31444 };
        }));
    }

    [Fact]
    public void HeaderRegexMustBeRe2()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["routes"]![0]!["http"]![0]!["match"]!["headers"]!["end-user"] = new JsonObject { ["regex"] = "a((" });

        Assert.Equal(["mesh.routes[0].http[0].match.headers.end-user.regex: is not a regex Envoy's RE2 accepts: missing ) for the group opened here (at character 3)"], errors);
    }

    [Theory]
    [InlineData("999.1.1.1", "'999.1.1.1' is not an IPv4 address: give four numbers from 0 to 255 without leading zeros, such as 203.0.113.7")]
    [InlineData("10.0.0.256", "'10.0.0.256' is not an IPv4 address: give four numbers from 0 to 255 without leading zeros, such as 203.0.113.7")]
    [InlineData("1.2.3", "'1.2.3' is not an IPv4 address: give four numbers from 0 to 255 without leading zeros, such as 203.0.113.7")]
    [InlineData("not an address", "'not an address' is neither an IPv4 address nor a DNS hostname")]
    public void NodeAddressMustBeAPossibleAddress(string address, string problem)
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => Edge(root)["gateway"]!["nodeAddress"] = address);

        Assert.Equal([$"mesh.clusters[2].gateway.nodeAddress: {problem}"], errors);
    }

    [Fact]
    public void HostNameOver253CharactersIsRefused()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".com";

        var errors = Configs.Errors(Configs.ThreeClusters, root => root["clusters"]![1]!["gateway"] = new JsonObject { ["addressMode"] = "static", ["address"] = host });

        Assert.Equal(["mesh.clusters[1].gateway.address: is a host name of 259 characters; a DNS name is at most 253"], errors);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("gw.example.net")]
    [InlineData("a1b2.elb.us-east-1.amazonaws.com")]
    public void RealAddressesStayAccepted(string address)
    {
        Assert.Empty(Configs.Errors(Configs.ThreeClusters, root => Edge(root)["gateway"]!["nodeAddress"] = address));
    }

    [Fact]
    public void IntermediateCannotOutliveAGeneratedRoot()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["trust"] = new JsonObject { ["rootValidityDays"] = 1000, ["intermediateValidityDays"] = 1001 });

        Assert.Equal(["mesh.trust.intermediateValidityDays: 1001 days outlives the root's 1000; an intermediate cannot be valid longer than the root that signs it"], errors);
    }

    [Fact]
    public void IntermediateOutlivingTheDefaultRootIsNamedToo()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["trust"] = new JsonObject { ["intermediateValidityDays"] = 3651 });

        Assert.Equal(["mesh.trust.intermediateValidityDays: 3651 days outlives the root's 3650; an intermediate cannot be valid longer than the root that signs it"], errors);
    }
}
