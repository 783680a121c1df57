using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Namespaces labelled both <c>istio-injection</c> and <c>istio.io/rev</c>. The istio-injection label
/// wins: every revision's namespace webhook requires it absent ("if both revision and legacy selector,
/// we give precedence to the legacy one", istio-discovery templates/mutatingwebhook.yaml, the
/// rev.namespace. webhook's namespaceSelector, 1.30.3 and 1.31.0-rc.0). A canary's relabel removes
/// only the labels MeshInfra's field manager owns (server-side apply), so an istio-injection label
/// someone else set stays and keeps that namespace on the default revision's injector.
/// </summary>
public static class InjectionLabelCheck
{
    public const string Rule = "istio-discovery templates/mutatingwebhook.yaml (1.30.3, 1.31.0-rc.0): the rev.namespace. webhook selects istio.io/rev only where istio-injection DoesNotExist";

    public static IEnumerable<DoctorFinding> For(LiveCluster cluster)
    {
        foreach (var ns in cluster.Objects.Where(o => o["kind"] is ScalarNode { Value: "Namespace" }))
        {
            if (ns.At("metadata", "labels") is not MapNode labels
                || labels[IstioLabels.Injection] is not ScalarNode { Value: string injection }
                || labels[IstioLabels.Revision] is not ScalarNode { Value: string revision })
            {
                continue;
            }

            var name = ns.At("metadata", "name") is ScalarNode { Value: string n } ? n : "?";
            yield return new DoctorFinding(
                cluster.Name,
                FindingKind.Precondition,
                $"Namespace {name}",
                $"labelled both {IstioLabels.Injection}={injection} and {IstioLabels.Revision}={revision}: {IstioLabels.Injection} wins, so its pods are {(injection == "enabled" ? "injected by the default revision" : "not injected")}, not by revision {revision}",
                Rule,
                $"kubectl --context {ShellWords.Quote(cluster.Context)} label namespace {name} {IstioLabels.Injection}-");
        }
    }
}
