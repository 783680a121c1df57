using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The seed stack (sleep in cluster1, httpbin and reviews v2/v3 in cluster2) with objects a user adds, for the
/// gateway and pod-delivery mutant tests: extra ServiceEntries, Gateways, workloads and policies, as JSON.
/// </summary>
internal static class GatewayScenarios
{
    public static TraceRequest Sleep(string host = "httpbin.bar.global", int port = 8000) => TrafficFixture.Request("cluster1/foo/sleep", host, port);

    public static TraceRequest Probe(string cluster, string host, int port) =>
        TrafficFixture.Request($"{cluster}/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", host, port);

    /// <summary>The seed's model with objects added per cluster (JSON documents, <c>${clusterN.gatewayAddress}</c> as the dial address).</summary>
    public static TrafficModel Seed(params (string Cluster, string Json)[] added) => SeedWithout(null, added);

    /// <summary>The seed's model without the objects <paramref name="removed"/> matches, and with objects added per cluster.</summary>
    public static TrafficModel SeedWithout(Func<string, MapNode, bool>? removed, params (string Cluster, string Json)[] added)
    {
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var dials = traffic.Gateways.ToDictionary(g => g.Cluster, g => g.Address);
        var edited = traffic with
        {
            Clusters =
            [
                .. traffic.Clusters.Select(c => c with
                {
                    Objects = c.Objects.RemoveAll(o => removed?.Invoke(c.Name, o) == true).AddRange(added.Where(a => a.Cluster == c.Name).Select(a => Obj(Resolve(a.Json, dials)))),
                }),
            ],
        };
        return edited.Model(TrafficFixture.Placeholder);
    }

    /// <summary>Whether a document is the <paramref name="kind"/> named <paramref name="ns"/>/<paramref name="name"/> of <paramref name="cluster"/>.</summary>
    public static Func<string, MapNode, bool> Is(string cluster, string kind, string ns, string name) => (c, o) =>
        c == cluster && (o["kind"] as ScalarNode)?.Value as string == kind
        && (o.At("metadata", "namespace") as ScalarNode)?.Value as string == ns && (o.At("metadata", "name") as ScalarNode)?.Value as string == name;

    /// <summary>httpbin's Service in cluster2 with <c>targetPort: 0</c> (Kubernetes reads it as the port itself).</summary>
    public const string HttpbinServiceTargetPortZero = """
        { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "httpbin", "namespace": "bar", "labels": { "app": "httpbin" } },
          "spec": { "ports": [ { "name": "http", "port": 8000, "targetPort": 0 } ], "selector": { "app": "httpbin" } } }
        """;

    /// <summary>A Service in cluster2's bar whose selector no pod carries.</summary>
    public const string EmptyService = """
        { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "empty", "namespace": "bar" },
          "spec": { "ports": [ { "name": "http", "port": 80, "targetPort": 8080 } ], "selector": { "app": "nobody" } } }
        """;

    /// <summary>A DestinationRule in <paramref name="ns"/> for <paramref name="host"/>: the given tls mode, SNI and SANs.</summary>
    public static string TlsRule(string ns, string name, string host, string mode, string? sni = null, string? san = null) => $$"""
        { "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
          "spec": { "host": "{{host}}", "trafficPolicy": { "tls": { "mode": "{{mode}}"{{(sni is null ? "" : ", \"sni\": \"" + sni + "\"")}}{{(san is null ? "" : ", \"subjectAltNames\": [ \"" + san + "\" ]")}} } } } }
        """;

    public static string GatewayAddress(string cluster) =>
        TrafficFixture.For(Configs.Seed).Traffic.Gateways.Single(g => g.Cluster == cluster).Address;

    private static string Resolve(string json, Dictionary<string, string> dials) =>
        dials.Aggregate(json, (text, d) => text.Replace("@" + d.Key + ".gateway", d.Value, StringComparison.Ordinal));

    public static MapNode Obj(string json) => Support.ObjectText.Parse(json);

    /// <summary>A ServiceEntry for <paramref name="host"/> on port 8000 (http) with the given endpoints (JSON objects).</summary>
    public static string ServiceEntry(string ns, string name, string host, string address, string resolution, params string[] endpoints) => $$"""
        { "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
          "spec": { "hosts": [ "{{host}}" ], "addresses": [ "{{address}}" ], "location": "MESH_INTERNAL", "resolution": "{{resolution}}",
                    "ports": [ { "number": 8000, "name": "http", "protocol": "HTTP" } ],
                    "endpoints": [ {{string.Join(", ", endpoints)}} ] } }
        """;

    /// <summary>An endpoint that gets auto mTLS (labelled <c>security.istio.io/tlsMode: istio</c>) on <paramref name="port"/>.</summary>
    public static string MtlsEndpoint(string address, int port) => $$"""
        { "address": "{{address}}", "ports": { "http": {{port}} }, "labels": { "security.istio.io/tlsMode": "istio" } }
        """;

    /// <summary>A second AUTO_PASSTHROUGH server on the east-west gateway's pods, for <paramref name="hosts"/>.</summary>
    public static string PassthroughGateway(string name, params string[] hosts) => $$"""
        { "apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": { "name": "{{name}}", "namespace": "istio-system" },
          "spec": { "selector": { "istio": "eastwestgateway" },
                    "servers": [ { "port": { "number": 15443, "name": "tls", "protocol": "TLS" }, "tls": { "mode": "AUTO_PASSTHROUGH" },
                                   "hosts": [ {{string.Join(", ", hosts.Select(h => "\"" + h + "\""))}} ] } ] } }
        """;

    /// <summary>Another httpbin Deployment in cluster2's bar (injected), which httpbin's Service selects too.</summary>
    public static string Httpbin(string version) => $$"""
        { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "httpbin-{{version}}", "namespace": "bar", "labels": { "app": "httpbin", "version": "{{version}}" } },
          "spec": { "replicas": 1, "selector": { "matchLabels": { "app": "httpbin", "version": "{{version}}" } },
                    "template": { "metadata": { "labels": { "app": "httpbin", "version": "{{version}}" } },
                                  "spec": { "serviceAccountName": "httpbin", "containers": [ { "name": "httpbin", "image": "docker.io/mccutchen/go-httpbin:v2.15.0", "ports": [ { "containerPort": 8080 } ] } ] } } } }
        """;

    /// <summary>A PeerAuthentication in <paramref name="ns"/>, for the pods labelled <paramref name="version"/> (or all).</summary>
    public static string PeerAuthentication(string ns, string name, string mode, string? version = null, string? portLevel = null) => $$"""
        { "apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
          "spec": { {{(version is null ? "" : "\"selector\": { \"matchLabels\": { \"version\": \"" + version + "\" } }, ")}}"mtls": { "mode": "{{mode}}" }{{(portLevel is null ? "" : ", \"portLevelMtls\": " + portLevel)}} } }
        """;

    /// <summary>An AuthorizationPolicy on httpbin's pods denying requests to <paramref name="port"/>.</summary>
    public static string DenyPort(int port) => $$"""
        { "apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "metadata": { "name": "deny-{{port}}", "namespace": "bar" },
          "spec": { "selector": { "matchLabels": { "app": "httpbin" } }, "action": "DENY", "rules": [ { "to": [ { "operation": { "ports": [ "{{port}}" ] } } ] } ] } }
        """;

    /// <summary>The hops as people read them (depth, step, detail), from the first at depth 2: where the sidecar's cluster hands over.</summary>
    public static string[] Hops(TraceResult result) => [.. result.Hops.Select(h => $"{h.Depth} {h.Step} | {h.Detail}").SkipWhile(h => !h.StartsWith("2 ", StringComparison.Ordinal))];

    public static string[] Failures(TraceResult result) => [.. result.Failures.Select(f => $"{f.Kind} {f.Step} {f.Share.ToString(System.Globalization.CultureInfo.InvariantCulture)} | {f.Reason}")];
}
