using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// The sidecar DNS proxy answers a name under a wildcard host of its table with the wildcard's address: pkg/dns/client/
/// dns.go lookupHost (1.30.3 and 1.31.0-rc.0) looks the exact name up first, then <c>*.</c> and the name without its
/// first label, without its first two, and so on. istiod allocates an address to a DYNAMIC_DNS wildcard entry only
/// (ipallocate.go keepHost), and BuildNameTable (name_table.go) puts the host in the table as written.
/// </summary>
public sealed class DnsWildcardTests
{
    private static string Entry(string name, string host, string resolution) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"ServiceEntry\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"foo\" }, \"spec\": { \"hosts\": [\"" + host + "\"], "
        + "\"location\": \"MESH_EXTERNAL\", \"resolution\": \"" + resolution + "\", \"ports\": [ { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" } ], "
        + "\"endpoints\": [ { \"address\": \"api.partner.example\" } ] } }";

    private static TraceResult Trace(string host, params string[] entries) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.AddRange(entries.Select(e => (MapNode)Support.ObjectText.Parse(e))) })
            .Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", host, 80), explain: true);

    private static string[] Steps(TraceResult result, string step) => [.. result.Hops.Where(h => h.Step == step).Select(h => h.Detail)];

    [Fact]
    public void ANameUnderADynamicDnsWildcardGetsTheWildcardsAddressAndItsListener()
    {
        var result = Trace("api.partner.internal", Entry("partner", "*.partner.internal", "DYNAMIC_DNS"));
        Assert.Equal(["api.partner.internal (under *.partner.internal) -> AutoIP(*.partner.internal) (sidecar DNS proxy)"], Steps(result, "dns"));
        Assert.Equal(["AutoIP(*.partner.internal):80 is *.partner.internal"], Steps(result, "listener"));
    }

    [Fact]
    public void TheMostSpecificWildcardAnswers()
    {
        var result = Trace("api.eu.partner.internal", Entry("partner", "*.partner.internal", "DYNAMIC_DNS"), Entry("partner-eu", "*.eu.partner.internal", "DYNAMIC_DNS"));
        Assert.Equal(["api.eu.partner.internal (under *.eu.partner.internal) -> AutoIP(*.eu.partner.internal) (sidecar DNS proxy)"], Steps(result, "dns"));
        var further = Trace("api.us.partner.internal", Entry("partner", "*.partner.internal", "DYNAMIC_DNS"), Entry("partner-eu", "*.eu.partner.internal", "DYNAMIC_DNS"));
        Assert.Equal(["api.us.partner.internal (under *.partner.internal) -> AutoIP(*.partner.internal) (sidecar DNS proxy)"], Steps(further, "dns"));
    }

    [Fact]
    public void AWildcardTheClientsSidecarDoesNotImportIsNotInItsTable()
    {
        // BuildNameTable reads the egress listeners' services: a Sidecar importing only bar/* leaves foo's entry out.
        const string OnlyBar = """{ "apiVersion": "networking.istio.io/v1", "kind": "Sidecar", "metadata": { "name": "default", "namespace": "foo" }, "spec": { "egress": [ { "hosts": [ "bar/*" ] } ] } }""";
        var result = Trace("api.partner.internal", Entry("partner", "*.partner.internal", "DYNAMIC_DNS"), OnlyBar);
        Assert.Equal("api.partner.internal does not resolve in cluster1: no record for api.partner.internal", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void AnExactHostAnswersBeforeTheWildcardOverIt()
    {
        var result = Trace("api.partner.internal", Entry("partner", "*.partner.internal", "DYNAMIC_DNS"), Entry("partner-api", "api.partner.internal", "DNS"));
        Assert.Equal(["api.partner.internal -> AutoIP(api.partner.internal) (sidecar DNS proxy)"], Steps(result, "dns"));
    }

    [Fact]
    public void AWildcardWithoutAnAddressLeavesTheNameToCoredns()
    {
        // resolution DNS: istiod allocates no address to a wildcard host, so it is not in the proxy's table.
        var result = Trace("api.partner.internal", Entry("partner", "*.partner.internal", "DNS"));
        Assert.Equal("api.partner.internal does not resolve in cluster1: no record for api.partner.internal", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void APodWithoutASidecarAsksCorednsWhichHasNoWildcard()
    {
        // No sidecar, no DNS proxy: the name goes to CoreDNS, which knows nothing of the ServiceEntry.
        var result = TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with { Objects = s.Objects.Add((MapNode)Support.ObjectText.Parse(Entry("partner", "*.partner.internal", "DYNAMIC_DNS"))) }).Model;
        var cluster = result.Clusters["cluster1"];
        var client = cluster.Workload("foo", "sleep")! with { HasSidecar = false };
        Assert.Equal(new DnsAnswer(null, "CoreDNS", "no record for api.partner.internal", null), DnsModel.Resolve(cluster, client, "api.partner.internal"));
    }
}
