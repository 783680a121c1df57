using System.Text.Json.Nodes;
using MeshInfra.Injection;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Schemas;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over infra/MeshInfra.Model/Istio (issue 17, docs/quality.md) showed no test
/// had: the injection call every webhook of the <c>default</c> revision tag makes (the injection
/// tests read only its name, Service and selectors), the deactivation patch's selectors on their own,
/// and two argument errors.
/// </summary>
public sealed class IstioMutantTests
{
    /// <summary>
    /// Each webhook of the tag calls istiod the way istio-discovery's templates/revision-tags-mwc.yaml
    /// "core" block does (1.30.3 and 1.31.0-rc.0), with the chart's defaults for the injection path
    /// (<c>istiodRemote.injectionPath</c>) and reinvocation (<c>sidecarInjectorWebhook.reinvocationPolicy</c>)
    /// read from the chart's values.yaml: any other path, port, rule, failure policy or review version is
    /// a webhook that injects nothing, injects into other objects, or lets pods start without a sidecar.
    /// </summary>
    [Theory]
    [InlineData("1.30")]
    [InlineData("1.31")]
    public void EachTagWebhookCallsIstiodAsTheChartsRevisionTagDoes(string line)
    {
        var defaults = (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(SchemaData.PathOf($"{SchemaData.IstioFolderOf(line)}/charts/istiod/values.yaml"))).Single()!["_internal_defaults_do_not_set"]!;
        var path = defaults["istiodRemote"]!["injectionPath"]!.GetValue<string>();
        var reinvocation = defaults["sidecarInjectorWebhook"]!["reinvocationPolicy"]!.GetValue<string>();
        Assert.Equal(("/inject", "Never"), (path, reinvocation));

        var tag = RevisionTagWebhook.For("1-31-1");

        var webhooks = ((ListNode)tag.Body["webhooks"]!).Items.Cast<MapNode>().ToList();
        Assert.Equal(
            ["rev.namespace.", "rev.object.", "namespace.", "object."],
            webhooks.Select(w => ((string)((ScalarNode)w["name"]!).Value)[..^"sidecar-injector.istio.io".Length]));
        foreach (var webhook in webhooks)
        {
            var call = ManifestJson.ToJson(new MapNode([.. webhook.Entries.Where(e => e.Key is not ("name" or "namespaceSelector" or "objectSelector"))]), _ => throw new InvalidOperationException())!;
            var expected = JsonNode.Parse($$"""
                {
                  "clientConfig": { "service": { "name": "istiod-1-31-1", "namespace": "istio-system", "path": "{{path}}", "port": 443 } },
                  "sideEffects": "None",
                  "rules": [ { "operations": [ "CREATE" ], "apiGroups": [ "" ], "apiVersions": [ "v1" ], "resources": [ "pods" ] } ],
                  "failurePolicy": "Fail",
                  "reinvocationPolicy": "{{reinvocation}}",
                  "admissionReviewVersions": [ "v1" ]
                }
                """);
            Assert.True(JsonNode.DeepEquals(expected, call), $"{((ScalarNode)webhook["name"]!).Value}: {call.ToJsonString()}");
        }

        // The chart's own labels for the tag, which istioctl and istiod look the tag up by.
        var labels = tag.Metadata.Labels;
        Assert.Equal("default", labels[RevisionTagWebhook.TagLabel]);
        Assert.Equal("1-31-1", labels[IstioLabels.Revision]);
        Assert.Equal("sidecar-injector", labels["app"]);
    }

    /// <summary>
    /// istioctl's DeactivateIstioInjectionWebhook (istioctl/pkg/tag/util.go, 1.30.3) sets BOTH selectors
    /// of every webhook to NeverMatch, so each one alone already keeps the webhook from matching
    /// anything: not the labels the chart's selectors look for, not an object without labels.
    /// </summary>
    [Fact]
    public void EachSelectorOfTheDeactivationPatchAloneMatchesNothing()
    {
        var patch = InjectorDeactivation.Patch();

        var webhooks = ((ListNode)patch.Body["webhooks"]!).Items.Cast<MapNode>().ToList();
        Assert.Equal(InjectorDeactivation.RevisionlessWebhooks, webhooks.Select(w => (string)((ScalarNode)w["name"]!).Value));
        Dictionary<string, string>[] labelSets =
        [
            [],
            new() { [IstioLabels.Injection] = "enabled" },
            new() { [IstioLabels.SidecarInject] = "true" },
            new() { [IstioLabels.Revision] = "default" },
        ];
        foreach (var webhook in webhooks)
        {
            Assert.Equal(["name", "namespaceSelector", "objectSelector"], webhook.Entries.Select(e => e.Key));
            foreach (var selector in new[] { "namespaceSelector", "objectSelector" })
            {
                var read = LabelSelector.From(webhook[selector]);
                Assert.All(labelSets, labels => Assert.False(read.Matches(labels), $"{selector} matches {string.Join(",", labels)}"));
                Assert.True(read.Matches(new Dictionary<string, string> { [InjectorDeactivation.NeverMatchLabel] = InjectorDeactivation.NeverMatchValue }));
            }
        }
    }

    [Fact]
    public void AnIngressGatewayForAClusterWithoutOneIsOneClearError()
    {
        var cluster = Configs.Spec(Configs.Seed).Clusters[0] with { IngressGateway = null };

        var error = Assert.Throws<ArgumentException>(() => IstioHelmValues.IngressGateway(cluster));

        Assert.Equal($"Cluster {cluster.Name} has no ingress gateway. (Parameter 'cluster')", error.Message);
    }

    [Theory]
    [InlineData("1.31")]
    [InlineData("1.31.1\n")]
    [InlineData("1.31.1-rc.0")]
    public void TheLineOfSomethingThatIsNotAReleaseVersionIsOneClearError(string version)
    {
        var error = Assert.Throws<ArgumentException>(() => IstioVersions.LineOf(version));

        Assert.Equal($"'{version}' is not an Istio release version. (Parameter 'version')", error.Message);
    }
}
