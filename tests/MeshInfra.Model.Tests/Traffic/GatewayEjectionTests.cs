using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Every endpoint of a global host is a whole cluster's east-west gateway: it must be ejected for
/// connection failures, never for the answers of the pods behind it, under whichever policy level
/// (rule, port, subset, subset port) Istio resolves for a cluster (util.go MergeSubsetTrafficPolicy).
/// </summary>
public sealed class GatewayEjectionTests
{
    private static readonly DocReader Read = new(v => v.Placeholder);

    [Fact]
    public void EveryPolicyLevelOfEveryGlobalHostEjectsGatewaysForConnectionFailuresOnly()
    {
        var (spec, _, model) = TrafficFixture.For(Configs.Seed);
        var checkedLevels = 0;
        foreach (var cluster in model.Clusters.Values)
        {
            foreach (var service in spec.Services)
            {
                var host = spec.GlobalHost(service);
                var rule = cluster.DestinationRuleFor(host, "default", service.Namespace);
                Assert.NotNull(rule);
                foreach (var subset in rule.Subsets.Select(s => (SubsetView?)s).Prepend(null))
                {
                    foreach (var port in service.Ports)
                    {
                        var ejection = IstioRules.Ejection(IstioRules.Policy(rule, subset, port.Number).OutlierDetection, Read);
                        Assert.Equal($"{cluster.Name} {host} {subset?.Name} {port.Number}: ejected after 5 connection failures, never for 5xx answers", $"{cluster.Name} {host} {subset?.Name} {port.Number}: {ejection}");
                        checkedLevels++;
                    }
                }
            }
        }

        Assert.True(checkedLevels > 20);
    }

    [Fact]
    public void ATraceSaysAGatewayIsNeverEjectedForTheApplicationsAnswers()
    {
        var (_, _, model) = TrafficFixture.For(Configs.Seed);
        var result = model.Trace(TrafficFixture.Request("cluster2/bar/httpbin", "reviews.default.global", 9080));
        Assert.Contains(result.Hops, h => h.Step == "endpoints" && h.Detail.EndsWith("(nearest locality first; ejected after 5 connection failures, never for 5xx answers)", StringComparison.Ordinal));
    }

    [Fact]
    public void AStackThatEjectsForAnswersIsWarnedAndTheTraceSaysSo()
    {
        var json = Configs.Seed.Replace("\"meshId\":", "\"outlierDetection\": { \"consecutive5xxErrors\": 5 }, \"meshId\":", StringComparison.Ordinal);
        var (spec, _, model) = TrafficFixture.For(json);
        var warning = Assert.Single(spec.Warnings, w => w.Path == "mesh.outlierDetection.consecutive5xxErrors");
        Assert.Equal("5 ejects a cluster's east-west gateway after 5 5xx answers from any pod behind it, moving that cluster's traffic to another cluster (and version) for baseEjectionTime; leave it out (0) so only connection failures (consecutiveLocalOriginFailures) eject a gateway", warning.Message);
        var result = model.Trace(TrafficFixture.Request("cluster2/bar/httpbin", "reviews.default.global", 9080));
        Assert.Contains(result.Hops, h => h.Step == "endpoints" && h.Detail.EndsWith("(nearest locality first; ejected after 5 connection failures, and after 5 5xx answers from any pod behind it)", StringComparison.Ordinal));
    }
}
