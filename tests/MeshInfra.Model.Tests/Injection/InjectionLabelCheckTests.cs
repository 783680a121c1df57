using System.Collections.Immutable;
using MeshInfra.Injection;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Tests.Injection;

/// <summary>Doctor's finding for a namespace that keeps someone else's istio-injection label beside MeshInfra's istio.io/rev.</summary>
public sealed class InjectionLabelCheckTests
{
    private static MapNode Namespace(string name, params (string Key, string Value)[] labels) => MapNode.Of(
        ("apiVersion", "v1"),
        ("kind", "Namespace"),
        ("metadata", MapNode.Of(("name", name), ("labels", MapNode.OfStrings(labels.Select(l => KeyValuePair.Create(l.Key, l.Value)))))));

    [Fact]
    public void ANamespaceWithBothLabelsIsReportedWithTheInjectorThatReallyServesIt()
    {
        var cluster = new LiveCluster("cluster1", "kind-cluster1", "v1.32.13",
            [Namespace("default", ("istio-injection", "enabled"), ("istio.io/rev", "1-31-1")), Namespace("foo", ("istio.io/rev", "1-31-1")), Namespace("bar", ("istio-injection", "enabled"))],
            ImmutableArray<DoctorFinding>.Empty);

        var finding = Assert.Single(InjectionLabelCheck.For(cluster));
        Assert.Equal(
            new DoctorFinding(
                "cluster1",
                FindingKind.Precondition,
                "Namespace default",
                "labelled both istio-injection=enabled and istio.io/rev=1-31-1: istio-injection wins, so its pods are injected by the default revision, not by revision 1-31-1",
                InjectionLabelCheck.Rule,
                "kubectl --context kind-cluster1 label namespace default istio-injection-"),
            finding);
    }

    [Fact]
    public void TheRuleHoldsInTheChartsWebhooks()
    {
        // The evaluator of the chart's webhooks agrees: with both labels, a revision's own webhook does not match.
        var revisionWebhook = new InjectionWebhook("rev.namespace.sidecar-injector.istio.io", "istiod-1-31-1",
            new([SelectorRequirement.In("istio.io/rev", "1-31-1"), SelectorRequirement.Absent("istio-injection")]),
            new([SelectorRequirement.NotIn("sidecar.istio.io/inject", "false")]));
        Assert.False(revisionWebhook.Matches(InjectionMatrix.Labels(("istio-injection", "enabled"), ("istio.io/rev", "1-31-1")), InjectionMatrix.Labels()));
        Assert.True(revisionWebhook.Matches(InjectionMatrix.Labels(("istio.io/rev", "1-31-1")), InjectionMatrix.Labels()));
    }
}
