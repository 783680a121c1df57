using System.Text.Json.Nodes;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Security;

/// <summary>
/// <c>istio.imageDigests</c> (issue 21, item 6): istiod and every proxy are pulled by digest through
/// the values the istio-discovery chart takes as a full reference (a value containing "/"), and only
/// for the stack's version.
/// </summary>
public sealed class ImageDigestTests
{
    private const string Pilot = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Proxy = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static string WithIstio(JsonObject istio)
    {
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["istio"] = istio;
        return root.ToJsonString();
    }

    private static JsonObject Digests(string pilot = Pilot, string proxy = Proxy) => new() { ["pilot"] = pilot, ["proxyv2"] = proxy };

    private static ManifestNode? At(MapNode values, params string[] path) =>
        path.Aggregate((ManifestNode?)values, (node, key) => node is MapNode map ? map[key] : null);

    [Fact]
    public void IstiodAndEveryProxyArePulledByDigestOfTheStacksVersion()
    {
        var plan = Configs.Plan(WithIstio(new JsonObject { ["version"] = "1.30.3", ["imageDigests"] = Digests() }));

        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            var values = plan.Release(cluster, "istiod").Values;
            Assert.Equal($"docker.io/istio/pilot:1.30.3@{Pilot}", At(values, "image").Text());
            Assert.Equal($"docker.io/istio/proxyv2:1.30.3@{Proxy}", At(values, "global", "proxy", "image").Text());
            Assert.Equal($"docker.io/istio/proxyv2:1.30.3@{Proxy}", At(values, "global", "proxy_init", "image").Text());
        }
    }

    [Fact]
    public void WithoutDigestsTheChartsPullByTag()
    {
        var values = Configs.Plan(Configs.Seed).Release("cluster1", "istiod").Values;
        Assert.Null(At(values, "image"));
        Assert.Null(At(values, "global", "proxy"));
        Assert.Null(At(values, "global", "proxy_init"));
    }

    [Fact]
    public void ACanarysOldControlPlaneKeepsItsOwnVersionsImages()
    {
        var plan = Configs.Plan(WithIstio(new JsonObject
        {
            ["version"] = "1.31.1",
            ["revision"] = "1-31-1",
            ["upgradeFrom"] = new JsonObject { ["version"] = "1.30.3" },
            ["imageDigests"] = Digests(),
        }));

        Assert.Equal($"docker.io/istio/pilot:1.31.1@{Pilot}", At(plan.Release("cluster1", "istiod-1-31-1").Values, "image").Text());
        // The digests name 1.31.1's images: the 1.30.3 control plane that keeps serving must not get them.
        var old = plan.Release("cluster1", "istiod").Values;
        Assert.Null(At(old, "image"));
        Assert.Null(At(old, "global", "proxy"));
    }

    [Theory]
    [InlineData("sha256:ABCDEF1111111111111111111111111111111111111111111111111111111111")]
    [InlineData("sha256:111")]
    [InlineData("1111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("sha512:1111111111111111111111111111111111111111111111111111111111111111")]
    public void ADigestThatIsNotSha256HexIsRefusedByKey(string digest)
    {
        var errors = Configs.Errors(Configs.Seed, root => root["istio"] = new JsonObject { ["imageDigests"] = new JsonObject { ["pilot"] = digest } });
        Assert.Equal([$"mesh.istio.imageDigests.pilot: '{MeshInfra.Model.Config.ConfigKeyPath.Clip(digest)}' is not an image digest: 'sha256:' and 64 lowercase hex digits, e.g. what `crane digest <hub>/pilot:1.31.1` prints"], errors);
    }

    [Fact]
    public void AnUnknownImageIsRefused()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["istio"] = new JsonObject { ["imageDigests"] = new JsonObject { ["ztunnel"] = Proxy } });
        Assert.Single(errors, e => e.StartsWith("mesh.istio.imageDigests.ztunnel: ", StringComparison.Ordinal));
    }
}
