using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/DnsModel.cs (issue 17, docs/quality-traffic.md) showed no test had:
/// what name a pod's lookup ends on, who answers it, and where the request then goes. A pod's resolver
/// tries <c>&lt;ns&gt;.svc.cluster.local svc.cluster.local cluster.local</c> first for a name of fewer than 5
/// dots (kubelet, pkg/kubelet/network/dns/dns.go: <c>generateSearchesForDNSClusterFirst</c>, <c>defaultDNSOptions</c>
/// ndots:5); with DNS capture the sidecar's proxy answers the hosts of its name table
/// (pkg/dns/server/name_table.go <c>BuildNameTable</c>, pkg/dns/client/dns.go, 1.30.3 and 1.31.0-rc.0).
/// </summary>
public sealed class DnsResolutionMutantTests
{
    private const string PlainNamespace = """{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "plain" } }""";

    private static string[] Steps(TraceResult result) => TraceCoreMutantTests.Steps(result);

    private static string ServiceEntry(string name, string host, string? address, string resolution = "DNS") =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"ServiceEntry\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"foo\" }, \"spec\": { \"hosts\": [\"" + host + "\"], "
        + (address is null ? "" : "\"addresses\": [\"" + address + "\"], ")
        + "\"location\": \"MESH_INTERNAL\", \"resolution\": \"" + resolution + "\", \"ports\": [ { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" } ] } }";

    /// <summary>cluster1 of the seed (DNS capture on) with extra objects and MeshInfra's block replaced by a hosts block.</summary>
    private static TrafficModel Cluster1(string hostsEntries, params string[] objects) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with
        {
            Objects = s.Objects.AddRange(objects.Select(TraceCoreMutantTests.Obj)),
            CorednsServerBlock = "global:53 {\n    hosts {\n" + hostsEntries + "    }\n}\n",
        }).Model;

    [Fact]
    public void AShortNameIsItsNamespacesServiceAnsweredByTheSidecarProxy()
    {
        // "details" from a pod in default: the first search domain makes details.default.svc.cluster.local,
        // a host of the proxy's table (generateAltHosts also lists "details." for the pod's own namespace).
        var result = TraceCoreMutantTests.With("cluster1").Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "details", 9080));

        Assert.Equal("cluster1 v1 100%", result.SharesText);
        Assert.Contains("dns: details.default.svc.cluster.local -> ClusterIP(details.default.svc.cluster.local) (sidecar DNS proxy)", Steps(result));
    }

    [Fact]
    public void WithoutASidecarAServiceNameIsAnsweredByCorednsKubernetesPlugin()
    {
        // No sidecar, no DNS proxy: the query leaves the pod for CoreDNS, whose kubernetes plugin owns cluster.local.
        var permissive = """{ "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "open", "namespace": "bar" }, "spec": { "mtls": { "mode": "PERMISSIVE" } } }""";
        var result = TraceCoreMutantTests.With("cluster2", PlainNamespace, permissive).Trace(TrafficFixture.Request("cluster2/plain/curl", "httpbin.bar", 8000));

        Assert.Equal("cluster2 v1 100%", result.SharesText);
        Assert.Contains("dns: httpbin.bar.svc.cluster.local -> ClusterIP(httpbin.bar.svc.cluster.local) (CoreDNS (kubernetes plugin))", Steps(result));
    }

    [Fact]
    public void ANameNobodyHoldsSaysWhoWasAsked()
    {
        // cluster1 captures DNS: a sidecar's query goes to its proxy, which forwards what it does not hold to
        // CoreDNS (dns.go, ServeDNS: upstream); a pod without a sidecar asks CoreDNS alone, capture or not.
        var model = TraceCoreMutantTests.With("cluster1", PlainNamespace);

        var proxied = model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "nothing.example.com", 80));
        var plain = model.Trace(TrafficFixture.Request("cluster1/plain/curl", "nothing.example.com", 80));

        Assert.Equal(["client: cluster1/foo/sleep with a sidecar", "dns: no record for nothing.example.com (sidecar DNS proxy, then CoreDNS)"], Steps(proxied)[..2]);
        Assert.Equal(["client: cluster1/plain/curl without a sidecar (assumed)", "dns: no record for nothing.example.com (CoreDNS)"], Steps(plain)[..2]);
        Assert.Equal("nothing.example.com does not resolve in cluster1: no record for nothing.example.com", Assert.Single(plain.Failures).Reason);
    }

    [Fact]
    public void ANameEndingInTheMeshDomainsLettersIsNotInItsZone()
    {
        // A zone holds a name only at a label boundary: httpbin.bar.myglobal is not under "global", so
        // MeshInfra's block never sees it (it goes to the "." block and upstream).
        var result = TraceCoreMutantTests.With("cluster1").Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.myglobal", 8000));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.DnsNoAnswer, failure.Kind);
        Assert.Equal("httpbin.bar.myglobal does not resolve in cluster1: no record for httpbin.bar.myglobal", failure.Reason);
    }

    [Fact]
    public void ANameOfFiveDotsIsTriedAsItIsBeforeTheSearchList()
    {
        // ndots:5: a name with at least 5 dots is asked as it is first, one with fewer goes through the search
        // list first (glibc resolv/res_query.c __res_context_search, musl src/network/lookup_name.c
        // name_from_dns_search, Go src/net/dnsclient_unix.go nameList alike). Each name below is held twice: by
        // MeshInfra's block as written, and by a ServiceEntry as <name>.svc.cluster.local, the second expansion.
        const string Five = "api.v1.eu.shop.example.global";
        const string Four = "v1.eu.shop.example.global";
        var model = Cluster1(
            $"        240.0.0.5 {Five}\n        240.0.0.4 {Four}\n",
            ServiceEntry("five", Five + ".svc.cluster.local", "240.0.0.55"),
            ServiceEntry("four", Four + ".svc.cluster.local", "240.0.0.44"));
        var cluster = model.Clusters["cluster1"];
        var sleep = cluster.Workload("foo", "sleep")!;

        Assert.Equal("240.0.0.5", DnsModel.Resolve(cluster, sleep, Five).Address);
        Assert.Equal("240.0.0.44", DnsModel.Resolve(cluster, sleep, Four).Address);
        Assert.Equal($"{Four}.svc.cluster.local -> 240.0.0.44", DnsModel.Resolve(cluster, sleep, Four).Detail);
    }

    [Fact]
    public void AServiceEntryWithoutAnAddressIsNotInTheProxysTableSoCorednsAnswers()
    {
        // BuildNameTable skips a host with no address (len(addressList) == 0: continue). Resolution NONE is
        // never given an automatic address (ip_autoallocation.go, shouldV2AutoAllocateIPFromPieces) and,
        // without endpoints, adds none: the proxy forwards the query and MeshInfra's block answers it.
        var model = Cluster1("        240.0.0.9 ghost.bar.global\n", ServiceEntry("ghost", "ghost.bar.global", null, "NONE"));
        var cluster = model.Clusters["cluster1"];

        var answer = DnsModel.Resolve(cluster, cluster.Workload("foo", "sleep")!, "ghost.bar.global");

        Assert.Equal("240.0.0.9", answer.Address);
        Assert.StartsWith("CoreDNS", answer.Server, StringComparison.Ordinal);
    }
}
