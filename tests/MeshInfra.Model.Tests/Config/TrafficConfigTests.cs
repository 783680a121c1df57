using System.Text.Json.Nodes;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

/// <summary>Config that cannot carry traffic is an error naming the key and the fix; new traffic keys parse.</summary>
public sealed class TrafficConfigTests
{
    [Fact]
    public void AnAddressPoolOverlappingIstiosAutoAllocationRangeIsAnError()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root => root["addressPool"] = "240.240.0.0/20");
        Assert.Equal(["mesh.addressPool: '240.240.0.0/20' overlaps Istio's automatic ServiceEntry address range 240.240.0.0/16; choose a pool outside it, e.g. '240.0.0.0/16'"], errors);
    }

    [Fact]
    public void AGkeOrEksContextWithCorednsEditingIsAnErrorWithTheFix()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            root["clusters"]![0]!["context"] = "gke_acme_us-west1_mesh";
            root["clusters"]![1]!["context"] = "arn:aws:eks:us-east-1:123456789012:cluster/mesh";
        });
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("mesh.clusters[0].dns: this looks like a GKE context", errors[0], StringComparison.Ordinal);
        Assert.EndsWith("set dns: none (sidecars still resolve global names through Istio's DNS proxy)", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("mesh.clusters[1].dns: this looks like an EKS context", errors[1], StringComparison.Ordinal);

        Assert.Empty(Configs.Errors(Configs.ThreeClusters, root =>
        {
            root["clusters"]![0]!["context"] = "gke_acme_us-west1_mesh";
            root["clusters"]![0]!["dns"] = "none";
        }));
    }

    [Fact]
    public void ServicesWhoseDashedNamesRunTogetherStillGetDistinctObjects()
    {
        // 'a-b' in 'c' and 'a' in 'b-c' once both became 'a-b-c-local' and crashed the render.
        var json = Configs.ThreeClusters.Replace(
            """{ "name": "cart", "namespace": "shop", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "clusters": ["east"] },""",
            """{ "name": "a-b", "namespace": "c", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "versions": { "v1": ["east"] } }, { "name": "a", "namespace": "b-c", "ports": [ { "name": "http", "number": 8080, "protocol": "HTTP" } ], "versions": { "v1": ["east"] } },""",
            StringComparison.Ordinal);
        var plan = Configs.Plan(json);
        var rules = plan.Cluster("east").Objects.Where(o => o.Object.Kind == "DestinationRule").Select(o => o.Object.Metadata.Name).ToList();
        Assert.Contains("a-b.c.svc.cluster.local", rules);
        Assert.Contains("a.b-c.svc.cluster.local", rules);
        Assert.Equal(rules.Count, rules.Distinct().Count());
    }

    [Fact]
    public void TrustDomainOutlierDetectionAndServiceAccountsAreRead()
    {
        var spec = Configs.Spec(Configs.ThreeClusters
            .Replace("\"mtls\": \"STRICT\",", "\"mtls\": \"STRICT\", \"trustDomain\": \"acme.example\", \"outlierDetection\": { \"consecutiveLocalOriginFailures\": 3, \"interval\": \"5s\" },", StringComparison.Ordinal)
            .Replace("\"clusters\": [\"west\"] }", "\"clusters\": [\"west\"], \"serviceAccount\": \"pay-api\" }", StringComparison.Ordinal));
        Assert.Equal("acme.example", spec.TrustDomain);
        Assert.Equal((3, 0, "5s", "30s", 100), (spec.OutlierDetection.ConsecutiveLocalOriginFailures, spec.OutlierDetection.Consecutive5xxErrors, spec.OutlierDetection.Interval, spec.OutlierDetection.BaseEjectionTime, spec.OutlierDetection.MaxEjectionPercent));
        Assert.Equal("pay-api", spec.Services.Single(s => s.Name == "pay").ServiceAccount);

        var errors = Configs.Errors(Configs.ThreeClusters, root => root["outlierDetection"] = new JsonObject { ["interval"] = "10 seconds" });
        Assert.Equal(["mesh.outlierDetection.interval: '10 seconds' is not a duration such as '10s', '500ms' or '1m'"], errors);
    }

    [Theory]
    [InlineData("global", "global")]
    [InlineData("mesh.example.com", "com")]
    [InlineData("corp", "corp")]
    public void AGlobalDomainUnderAPublicTopLevelDomainIsWarnedAbout(string domain, string top)
    {
        var spec = Configs.Spec(Configs.Seed.Replace("\"meshId\": \"mesh1\",", $"\"meshId\": \"mesh1\", \"globalDomain\": \"{domain}\",", StringComparison.Ordinal));
        var warning = Assert.Single(spec.Warnings, w => w.Path == "mesh.globalDomain");
        Assert.Equal($"'{domain}' is under the top-level domain '{top}', which is not reserved for private use (it is, or may become, a public domain): the mesh's zone hides every real name under '{domain}' from the clusters' pods, and a resolver other than the clusters' CoreDNS may answer a mesh name from the internet; use a name under 'internal', which ICANN reserved for private use, such as 'mesh.internal'", warning.Message);
    }

    [Theory]
    [InlineData("mesh.internal")]
    [InlineData("internal")]
    [InlineData("mesh.test")]
    [InlineData("corp.home.arpa")]
    public void AGlobalDomainReservedForPrivateUseIsNotWarnedAbout(string domain)
    {
        var spec = Configs.Spec(Configs.Seed.Replace("\"meshId\": \"mesh1\",", $"\"meshId\": \"mesh1\", \"globalDomain\": \"{domain}\",", StringComparison.Ordinal));
        Assert.DoesNotContain(spec.Warnings, w => w.Path == "mesh.globalDomain");
        Assert.Equal($"reviews.default.{domain}", spec.GlobalHost(spec.Services.Single(s => s.Name == "reviews")));
    }
}
