using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Issue 17, the third Stryker run over the trace engine (ec48ebf), Traffic/MeshVerifier.cs: the third reading of a
/// regex header (".+" read as one character), and a pod without a version label of a versioned service reached
/// outside the region while a cluster of the region runs the service.
/// </summary>
public sealed class EngineThirdPassVerifyTests
{
    private const string Mesh = """
    {
      "meshId": "mesh1",
      "clusters": [
        { "name": "cluster1", "context": "c1", "network": "network1", "labels": { "region": "us-east1" } },
        { "name": "cluster2", "context": "c2", "network": "network2", "labels": { "region": "europe-west1", "zone": "europe-west1-a" } },
        { "name": "cluster3", "context": "c3", "network": "network3", "labels": { "region": "europe-west1", "zone": "europe-west1-c" } }
      ],
      "services": [
        { "name": "web", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "versions": { "v1": "cluster1", "v2": "cluster1" } },
        { "name": "api", "namespace": "demo", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "versions": { "v1": ["cluster1", "cluster3"] } }
      ]
    }
    """;

    /// <summary>
    /// Mutant 10036: <c>v1\..+</c> accepts neither itself nor its first alternative (the same text: a backslash is no
    /// dot); its third reading drops the escape and reads ".+" as one character, "v1.x", which it accepts. Read as
    /// nothing, "v1." would be refused and the rule listed as not exercised.
    /// </summary>
    [Fact]
    public void ARegexWhoseOnlyReadingIsItsWildcardAsACharacterIsExercised()
    {
        var config = Configs.Seed[..Configs.Seed.IndexOf("\"routes\"", StringComparison.Ordinal)]
            + "\"routes\": [ { \"service\": \"reviews\", \"namespace\": \"default\", \"clients\": [\"cluster1\"], \"http\": [ "
            + "{ \"match\": { \"headers\": { \"x-version\": { \"regex\": \"v1\\\\..+\" } } }, \"route\": [ { \"version\": \"v2\" } ] }, "
            + "{ \"route\": [ { \"version\": \"v1\" } ] } ] } ] }";
        var (spec, _, model) = TrafficFixture.For(config);

        var rule = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.Cluster == "cluster1" && c.Request.Host.StartsWith("reviews.", StringComparison.Ordinal) && c.Label == "route rule 0");

        Assert.Null(rule.NotExercised);
        Assert.Equal(["x-version=v1.x"], rule.Request.Headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.True(rule.Passed, string.Join("; ", rule.Problems.Select(p => p.Text)));
        Assert.Equal(["v2"], rule.ExpectedVersions.Keys);
    }

    /// <summary>
    /// Mutant 10123: cluster1's api pods carry no version label (a user's Deployment in place of the assumed api-v1).
    /// cluster2's clients run on nodes of another region (--client-locality), so Envoy spreads api over cluster1 and
    /// cluster3; by the stack's labels cluster3 is in cluster2's region and runs api, so reaching cluster1's pods, of
    /// no version, is outside the region all the same.
    /// </summary>
    [Fact]
    public void APodWithoutAVersionReachedOutsideTheRegionWhileTheRegionRunsTheServiceFails()
    {
        const string Unversioned = """
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "api", "namespace": "demo" },
              "spec": { "template": { "metadata": { "labels": { "app": "api" } }, "spec": { "serviceAccountName": "default" } } } }
            """;
        var (spec, traffic, _) = TrafficFixture.For(Mesh, s => s.Name != "cluster1" ? s : s with
        {
            Objects = s.Objects.RemoveAll(o => (o["kind"] as ScalarNode)?.Value as string == "Deployment" && (o.At("metadata", "name") as ScalarNode)?.Value as string == "api-v1").Add(ObjectText.Parse(Unversioned)),
        });
        var model = traffic.WithClientLocalities([ClientLocality.Parse("cluster2=asia-east1", ["cluster1", "cluster2", "cluster3"])]).Model(TrafficFixture.Placeholder);

        var api = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Request.Cluster == "cluster2" && c.Request.Host == "api.demo.global");

        Assert.Equal(["cluster1/demo/api", "cluster3/demo/api-v1 (v1)"], api.Result.Arrivals.Select(a => a.Workload.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal([VerifyMessages.OutsideRegion("cluster1/demo/api", "cluster2", ["cluster3"]).Text], api.Problems.Select(p => p.Text));
    }
}
