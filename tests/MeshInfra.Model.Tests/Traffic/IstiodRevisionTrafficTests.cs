using System.Text.Json.Nodes;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// An istiod with a revision is the release <c>istiod-&lt;revision&gt;</c>, and the model reads meshConfig
/// (DNS capture, trust domain, exportTo defaults) from it as from a revision-less <c>istiod</c>. With
/// <c>dns: none</c> only the sidecars' DNS proxy (ISTIO_META_DNS_CAPTURE, which MeshInfra's values set)
/// answers <c>.global</c> names: read from nowhere, the walkthrough's request would find no address.
/// </summary>
public sealed class IstiodRevisionTrafficTests
{
    private static TraceResult Trace(string istio)
    {
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["dns"] = "none";
        root["istio"] = JsonNode.Parse(istio);
        return TrafficFixture.For(root.ToJsonString()).Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", "httpbin.bar.global", 8000));
    }

    private static string Outcome(TraceResult result) =>
        result.Failures.Length == 0 ? $"reaches {result.SharesText}" : string.Join("; ", result.Failures.Select(f => f.Reason));

    [Theory]
    [InlineData("""{ "version": "1.30.3" }""")]
    [InlineData("""{ "version": "1.31.1", "revision": "1-31-1" }""")]
    [InlineData("""{ "version": "1.31.2", "revision": "1-31-2", "upgradeFrom": { "version": "1.31.1", "revision": "1-31-1" } }""")]
    [InlineData("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }""")]
    public void WithoutCorednsTheSidecarsDnsProxyAnswersGlobalNamesWhateverIstiodsRevision(string istio) =>
        Assert.Equal("reaches cluster2 v1 100%", Outcome(Trace(istio)));
}
