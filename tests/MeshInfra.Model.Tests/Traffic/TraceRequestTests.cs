using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>Header names are case-insensitive (Envoy lower-cases them): every request is normalised where it is built.</summary>
public sealed class TraceRequestTests
{
    [Fact]
    public void AHeaderNameInAnyCaseSelectsTheRuleForItsLowerCaseName()
    {
        var (_, _, model) = TrafficFixture.For(Configs.Seed);
        var result = model.Trace(TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("End-User", "jason")));
        Assert.Equal("cluster2 v2 50%, cluster2 v3 50%", TrafficFixture.Shares(result));
    }

    [Fact]
    public void AHeaderGivenTwiceInTwoCasesIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => TrafficFixture.Request("cluster1/default/productpage-v1", "reviews", 9080, ("End-User", "jason"), ("end-user", "mary")));
        Assert.StartsWith("header 'end-user' is given twice (header names are case-insensitive: 'end-user')", error.Message, StringComparison.Ordinal);
    }
}
