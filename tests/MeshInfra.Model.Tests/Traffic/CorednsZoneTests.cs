using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// The mesh's zone in CoreDNS answers every name it holds and NXDOMAIN for every other, never
/// forwarding one upstream, where the public 'global' top-level domain could answer a typo.
/// </summary>
public sealed class CorednsZoneTests
{
    private static readonly (Model.Config.MeshSpec Spec, MeshTraffic Traffic, TrafficModel Model) Seed = TrafficFixture.For(Configs.Seed);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AMistypedGlobalNameGetsNxdomainFromTheMeshsOwnZone(bool sidecar)
    {
        var cluster = Seed.Model.Clusters["cluster1"];
        var client = cluster.Workload("foo", "sleep")! with { HasSidecar = sidecar };
        var answer = DnsModel.Resolve(cluster, client, "reviws.default.global");
        Assert.Null(answer.Address);
        Assert.Equal("reviws.default.global is not a mesh name: NXDOMAIN from MeshInfra's 'global' block, never forwarded", answer.Detail);
    }

    [Fact]
    public void ATraceToAMistypedNameFailsAtDnsWithNxdomain()
    {
        var result = Seed.Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.globl", 8000));
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.DnsNoAnswer, failure.Kind);
        Assert.EndsWith(": no record for httpbin.bar.globl", failure.Reason, StringComparison.Ordinal);

        var typo = Seed.Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbn.bar.global", 8000));
        // The DNS answer's words come from DnsModel (what CoreDNS answers), not the failure catalogue.
        var nxdomain = Assert.Single(typo.Failures);
        Assert.Equal(FailureKind.DnsNoAnswer, nxdomain.Kind);
        Assert.EndsWith(": httpbn.bar.global is not a mesh name: NXDOMAIN from MeshInfra's 'global' block, never forwarded", nxdomain.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryHeldNameResolvesThroughCorednsToItsAddress()
    {
        var cluster = Seed.Model.Clusters["cluster2"];
        var client = cluster.Workload("bar", "httpbin")! with { HasSidecar = false };
        foreach (var service in Seed.Spec.Services)
        {
            var host = Seed.Spec.GlobalHost(service);
            var expected = cluster.Service(host)!.Addresses[0];
            Assert.Equal($"{host} -> {expected}", DnsModel.Resolve(cluster, client, host.ToUpperInvariant() + ".").Detail);
        }
    }

    [Fact]
    public void TheBlockMeshInfraWroteBeforeForwardedUnknownNamesAndWithoutForwardFailed()
    {
        var client = Seed.Model.Clusters["cluster1"].Workload("foo", "sleep")! with { HasSidecar = false };
        const string Forwarding = "global:53 {\n    errors\n    cache 30\n    hosts {\n        240.0.0.2 httpbin.bar.global\n        fallthrough\n    }\n    forward . /etc/resolv.conf\n}\n";
        string Answer(string block, string name)
        {
            var (_, _, model) = TrafficFixture.For(Configs.Seed, s => s with { CorednsServerBlock = block });
            return DnsModel.Resolve(model.Clusters["cluster1"], client, name).Detail;
        }

        Assert.Equal("httpbin.bar.global -> 240.0.0.2", Answer(Forwarding, "httpbin.bar.global"));
        Assert.Equal("www.example.global is not a mesh name: forwarded upstream, where the public 'global' zone may answer it", Answer(Forwarding, "www.example.global"));

        // hosts.go ServeDNS: fallthrough with no plugin after it, NextOrFailure; no fallthrough, SERVFAIL.
        Assert.Equal("www.example.global is not answered by MeshInfra's block and no plugin follows: SERVFAIL", Answer(Forwarding.Replace("    forward . /etc/resolv.conf\n", "", StringComparison.Ordinal), "www.example.global"));
        Assert.Equal("www.example.global is not in the hosts block, which has no fallthrough: SERVFAIL", Answer(Forwarding.Replace("        fallthrough\n", "", StringComparison.Ordinal), "www.example.global"));
    }

    [Fact]
    public void TemplatesRunBeforeHostsWhateverTheCorefilesOrder()
    {
        // plugin.cfg orders template before hosts: a catch-all NXDOMAIN template shadows a hosts block,
        // which is why MeshInfra answers held names from templates.
        var client = Seed.Model.Clusters["cluster1"].Workload("foo", "sleep")! with { HasSidecar = false };
        const string Shadowed = "global:53 {\n    hosts {\n        240.0.0.2 httpbin.bar.global\n        fallthrough\n    }\n    template ANY ANY {\n        rcode NXDOMAIN\n    }\n}\n";
        var (_, _, model) = TrafficFixture.For(Configs.Seed, s => s with { CorednsServerBlock = Shadowed });
        Assert.Null(DnsModel.Resolve(model.Clusters["cluster1"], client, "httpbin.bar.global").Address);
    }

    [Fact]
    public void ATemplateWithoutFallthroughWhoseRegexMissesAnswersServfail()
    {
        // template.go ServeDNS: "if !fthrough { return dns.RcodeServerFailure }".
        var client = Seed.Model.Clusters["cluster1"].Workload("foo", "sleep")! with { HasSidecar = false };
        const string Block = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n    }\n}\n";
        var (_, _, model) = TrafficFixture.For(Configs.Seed, s => s with { CorednsServerBlock = Block });
        Assert.Equal("a.global -> 240.0.0.7", DnsModel.Resolve(model.Clusters["cluster1"], client, "a.global").Detail);
        Assert.Equal("b.global matches no regex of a template without fallthrough: SERVFAIL", DnsModel.Resolve(model.Clusters["cluster1"], client, "b.global").Detail);
    }
}
