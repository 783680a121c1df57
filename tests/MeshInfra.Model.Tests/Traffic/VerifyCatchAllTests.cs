using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>verify checks the plain request too: a route whose every rule has a match drops it with 404.</summary>
public sealed class VerifyCatchAllTests
{
    [Fact]
    public void ARouteWithoutACatchAllRuleFailsForTheRequestThatMatchesNoRule()
    {
        var json = Configs.Seed.Replace("] },\n        { \"route\": [ { \"version\": \"v1\" } ] }", "] }", StringComparison.Ordinal);
        Assert.NotEqual(Configs.Seed, json);
        var (spec, _, model) = TrafficFixture.For(json);
        var plain = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Case == "request matching no rule");
        Assert.False(plain.Passed);
        Assert.Equal("cluster1", plain.Request.Cluster);
        Assert.Equal(FailureKind.NoRouteMatch, Assert.Single(plain.Result.Failures).Kind);
    }

    [Fact]
    public void ARouteWithACatchAllRuleGetsNoExtraCase()
    {
        var (spec, _, model) = TrafficFixture.For(Configs.Seed);
        Assert.DoesNotContain(MeshVerifier.Verify(spec, model), c => c.Case == "request matching no rule");
    }
}
