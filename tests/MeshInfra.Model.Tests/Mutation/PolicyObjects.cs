using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The seed mesh with a user's Sidecars and AuthorizationPolicies added to one cluster, and the request the
/// policy mutant tests send: sleep (foo, cluster1) to httpbin.bar.global:8000, which lands on httpbin's port
/// 8080 in cluster2 with the client's identity spiffe://cluster.local/ns/foo/sa/sleep (the east-west gateway
/// passes the mTLS through).
/// </summary>
internal static class PolicyObjects
{
    public const string SleepIdentity = "spiffe://cluster.local/ns/foo/sa/sleep";

    public static TraceRequest Sleep(string path = "/", string method = "GET") =>
        TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000) with { Path = path, Method = method };

    public static TrafficModel With(string cluster, params string[] objects) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != cluster ? s : s with { Objects = s.Objects.AddRange(objects.Select(Obj)) }).Model;

    /// <summary>An AuthorizationPolicy; <paramref name="spec"/> is the spec's inner JSON, without braces.</summary>
    public static string Policy(string ns, string name, string spec) =>
        "{ \"apiVersion\": \"security.istio.io/v1\", \"kind\": \"AuthorizationPolicy\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { " + spec + " } }";

    /// <summary>An AuthorizationPolicy selecting httpbin with one action and its rules (JSON objects, comma separated).</summary>
    public static string HttpbinPolicy(string name, string action, string rules) =>
        Policy("bar", name, "\"selector\": { \"matchLabels\": { \"app\": \"httpbin\" } }, \"action\": \"" + action + "\", \"rules\": [ " + rules + " ]");

    /// <summary>A Sidecar; <paramref name="spec"/> is the spec's inner JSON, without braces.</summary>
    public static string Sidecar(string ns, string name, string spec) =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"Sidecar\", \"metadata\": { \"name\": \"" + name + "\", \"namespace\": \"" + ns + "\" }, \"spec\": { " + spec + " } }";

    /// <summary>The text of the trace's authz hop (the request was allowed).</summary>
    public static string AuthzHop(TraceResult result)
    {
        Assert.Empty(result.Failures);
        Assert.Equal("cluster2 v1 100%", result.SharesText);
        return Assert.Single(result.Hops, h => h.Step == "authz").Detail;
    }

    /// <summary>The reason of the trace's one failure, which must be an authz failure of <paramref name="kind"/>.</summary>
    public static string AuthzFailure(TraceResult result, FailureKind kind)
    {
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("authz", failure.Step);
        Assert.Equal(kind, failure.Kind);
        return failure.Reason;
    }

    private static MapNode Obj(string json) => Support.ObjectText.Parse(json);
}
