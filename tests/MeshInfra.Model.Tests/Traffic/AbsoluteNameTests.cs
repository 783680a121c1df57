using MeshInfra.Model.Tests.Mutation;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// A name with a trailing dot is absolute: a pod's resolver asks it as it is and never appends the search list
/// (glibc resolv/res_query.c <c>__res_context_search</c>: <c>if (ret > 0 || trailing_dot) return</c>, search only
/// <c>if ... !trailing_dot</c>; musl src/network/lookup_name.c <c>name_from_dns_search</c>: "suppress search when
/// ... name ends in a dot"; Go src/net/dnsclient_unix.go <c>nameList</c>: "If name is rooted (trailing dot), try
/// only that name"). CoreDNS then sees <c>httpbin.bar.</c>, no cluster.local name, and forwards it upstream. The
/// sidecar's DNS proxy alone answers some absolute short forms: for each Kubernetes Service of its table it also
/// holds <c>name.namespace.</c>, <c>name.namespace.svc.</c> and, in its own namespace, <c>name.</c>
/// (pkg/dns/client/dns.go <c>generateAltHosts</c>, proxyDomain trimmed to svc.cluster.local in
/// <c>NewLocalDNSServer</c>; 1.30.3 and 1.31.0-rc.0).
/// </summary>
public sealed class AbsoluteNameTests
{
    private const string PlainNamespace = """{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "plain" } }""";

    private static string? Resolve(TrafficModel model, string from, string name)
    {
        var parts = from.Split('/');
        var cluster = model.Clusters[parts[0]];
        var client = cluster.Workload(parts[1], parts[2]) ?? cluster.AssumedClient(parts[1], parts[2]);
        return DnsModel.Resolve(cluster, client, name).Address;
    }

    [Fact]
    public void WithoutTheProxyAnAbsoluteServiceNameIsNotExpandedAndDoesNotResolve()
    {
        var model = TraceCoreMutantTests.With("cluster2", PlainNamespace);

        Assert.Equal("ClusterIP(httpbin.bar.svc.cluster.local)", Resolve(model, "cluster2/plain/curl", "httpbin.bar"));
        Assert.Null(Resolve(model, "cluster2/plain/curl", "httpbin.bar."));
        Assert.Equal("ClusterIP(httpbin.bar.svc.cluster.local)", Resolve(model, "cluster2/plain/curl", "httpbin.bar.svc.cluster.local."));

        var failure = Assert.Single(model.Trace(TrafficFixture.Request("cluster2/plain/curl", "httpbin.bar.", 8000)).Failures);
        Assert.Equal(FailureKind.DnsNoAnswer, failure.Kind);
    }

    [Fact]
    public void TheSidecarProxyAnswersTheAbsoluteShortFormsItsTableHolds()
    {
        var model = TraceCoreMutantTests.With("cluster1");
        const string Details = "ClusterIP(details.default.svc.cluster.local)";

        Assert.Equal(Details, Resolve(model, "cluster1/foo/sleep", "details.default."));
        Assert.Equal(Details, Resolve(model, "cluster1/foo/sleep", "details.default.svc."));
        Assert.Equal(Details, Resolve(model, "cluster1/default/productpage-v1", "details."));

        // The trace's dns hop says who answered, and for which of the table's names.
        var cluster = model.Clusters["cluster1"];
        var answer = DnsModel.Resolve(cluster, cluster.Workload("foo", "sleep")!, "details.default.");
        Assert.Equal(("sidecar DNS proxy", $"details.default. (details.default.svc.cluster.local) -> {Details}"), (answer.Server, answer.Detail));

        // name. only in the proxy's own namespace; name.namespace.svc.cluster. is no form it holds.
        Assert.Null(Resolve(model, "cluster1/foo/sleep", "details."));
        Assert.Null(Resolve(model, "cluster1/foo/sleep", "details.default.svc.cluster."));
    }
}
