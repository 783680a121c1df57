using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Objects missing a field that Istio's validation or the API server requires, as only a hand-written
/// <c>--objects</c> file (or objects applied without the webhook) can hold them, and what the model makes of each:
/// the empty name, kind, host or value, never a made-up one; and exportTo or match kinds Istio has no meaning for.
/// The Stryker run at 9f80ae2 (issue 17) found these defaults unread (ClusterView, ClusterView.Workloads,
/// ClusterView.VirtualServices, ParseCache, HeaderCondition, UriCondition).
/// </summary>
public sealed class MissingFieldMutantTests
{
    private static ClusterView Cluster(params string[] objects) =>
        new TrafficModel([new ClusterState("c1", null, [.. objects.Select(Support.ObjectText.Parse)], ImmutableSortedDictionary<string, MapNode>.Empty, null)], [], TrafficFixture.Placeholder, "1.30.3").Clusters["c1"];

    /// <summary>A Gateway, a Deployment and a Pod without metadata.name, and a document without a kind.</summary>
    [Fact]
    public void ObjectsWithoutANameOrKindAreKeptUnderTheEmptyOne()
    {
        var cluster = Cluster(
            """{ "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "namespace": "istio-eastwest" }, "spec": { "selector": { "istio": "eastwestgateway" }, "servers": [ { "port": { "number": 15443, "name": "tls", "protocol": "TLS" }, "tls": { "mode": "AUTO_PASSTHROUGH" }, "hosts": [ "*.local" ] } ] } }""",
            """{ "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "namespace": "shop" }, "spec": { "template": { "metadata": { "labels": { "app": "cart" } } } } }""",
            """{ "apiVersion": "v1", "kind": "Pod", "metadata": { "namespace": "shop", "labels": { "app": "pay" } }, "spec": { } }""",
            """{ "apiVersion": "v1", "metadata": { "name": "nameless-kind", "namespace": "shop" } }""");

        Assert.Equal(new ObjectRef("c1", "Gateway", "istio-eastwest", ""), Assert.Single(cluster.PassthroughServers).Source);
        Assert.Equal(["c1/shop/ cart", "c1/shop/ pay"], cluster.Workloads.Select(w => $"{w} {w.App}").Order(StringComparer.Ordinal));
        Assert.Equal([""], cluster.IgnoredKinds);
    }

    /// <summary>
    /// An exportTo entry "" (refused by validation: visibility.Instance.Validate) is a namespace no proxy is in, and
    /// does not hide the VirtualService: beside "." it stays private to its namespace (push_context.go,
    /// initVirtualServices, 1.30.3: only "~" hides, only "*" makes public).
    /// </summary>
    [Fact]
    public void AnEmptyExportToEntryDoesNotHideTheVirtualService()
    {
        var cluster = Cluster("""{ "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "cart", "namespace": "shop" }, "spec": { "hosts": [ "cart" ], "exportTo": [ "", "." ], "http": [ { "route": [ { "destination": { "host": "cart" } } ] } ] } }""");

        Assert.Equal("cart", Assert.Single(cluster.VirtualServicesFor("shop")).Source.Name);
        Assert.Empty(cluster.VirtualServicesFor("pay"));
    }

    /// <summary>
    /// Istio's StringMatch has exact, prefix and regex only (networking/v1 VirtualService); a condition of any other
    /// kind holds for no value, in a header and in the URI alike.
    /// </summary>
    [Fact]
    public void AMatchOfAKindIstioDoesNotHaveHoldsForNoValue()
    {
        Assert.False(new HeaderCondition("x-user", "suffix", "son").Holds(new Dictionary<string, string> { ["x-user"] = "son" }));
        Assert.True(new HeaderCondition("x-user", "exact", "son").Holds(new Dictionary<string, string> { ["x-user"] = "son" }));
        Assert.False(new UriCondition("suffix", "/status").Holds("/status"));
        Assert.True(new UriCondition("exact", "/status").Holds("/status"));
    }

    /// <summary>
    /// A ServiceEntry port without a name, an endpoint without an address, a DestinationRule without a host and a
    /// subset without a name: each read as "" (the host qualified in the rule's namespace, as a short name is), never
    /// as text the object did not hold.
    /// </summary>
    [Fact]
    public void MissingNamesHostsAndAddressesReadAsEmpty()
    {
        var cluster = Cluster(
            """{ "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "ext", "namespace": "shop" }, "spec": { "hosts": [ "ext.example.internal" ], "resolution": "STATIC", "ports": [ { "number": 8000 } ], "endpoints": [ { "labels": { "version": "v1" } } ] } }""",
            """{ "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "no-host", "namespace": "shop" }, "spec": { "subsets": [ { "labels": { "version": "v1" } } ] } }""");

        var service = cluster.Service("ext.example.internal")!;
        Assert.Equal(new ServicePortView("", 8000, "", 8000), Assert.Single(service.Ports));
        Assert.Equal("", Assert.Single(service.Endpoints).Address);

        var rule = cluster.DestinationRuleFor(".shop.svc.cluster.local", "shop", "shop")!;
        Assert.Equal(("no-host", ""), (rule.Source.Name, Assert.Single(rule.Subsets).Name));
    }

    /// <summary>
    /// A route destination without a host, and a header and a URI condition whose value is not a string (a list, which
    /// the CRD's schema refuses): the host is "" qualified in the VirtualService's namespace, the values "" (so the
    /// prefix holds for every path, as Istio's prefix "/" for an empty uri match does: route.go TranslateRouteMatch).
    /// </summary>
    [Fact]
    public void AMissingRouteHostAndMatchValuesReadAsEmpty()
    {
        var cluster = Cluster("""
            { "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": { "name": "cart", "namespace": "shop" },
              "spec": { "hosts": [ "cart" ], "http": [ { "match": [ { "headers": { "x-user": { "exact": [ "a" ] } }, "uri": { "prefix": [ "/a" ] } } ], "route": [ { "destination": { "port": { "number": 80 } } } ] } ] } }
            """);

        var route = Assert.Single(Assert.Single(cluster.VirtualServicesFor("shop")).Http);
        Assert.Equal(".shop.svc.cluster.local", Assert.Single(route.Destinations).Host);
        Assert.Equal(new HeaderCondition("x-user", "exact", ""), Assert.Single(Assert.Single(route.Matches)));
        Assert.True(route.UriAt(0)!.Holds("/any/path"));
    }
}
