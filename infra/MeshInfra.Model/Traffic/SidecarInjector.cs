using System.Collections.Immutable;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Whether a new pod gets a sidecar: some webhook of the injectors the cluster runs selects it, and the
/// injector then wants it. Istio 1.30.3 and 1.31.0-rc.0 (the same selectors at both tags):
/// manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml renders, for a revision R
/// (<c>default</c> for a revision-less istiod),
/// <c>rev.namespace.</c>: namespace <c>istio.io/rev In [R]</c> and <c>istio-injection DoesNotExist</c>, pod
/// <c>sidecar.istio.io/inject NotIn ["false"]</c>;
/// <c>rev.object.</c>: namespace <c>istio.io/rev DoesNotExist</c> and <c>istio-injection DoesNotExist</c>, pod
/// <c>sidecar.istio.io/inject NotIn ["false"]</c> and <c>istio.io/rev In [R]</c>;
/// and for the default labels (a revision-less istiod, or the <c>default</c> revision tag MeshInfra creates
/// whenever its istiod has a revision, see <see cref="RevisionTagWebhook"/>)
/// <c>namespace.</c>: namespace <c>istio-injection In [enabled]</c>, pod <c>sidecar.istio.io/inject NotIn ["false"]</c>;
/// <c>object.</c>: namespace <c>istio-injection DoesNotExist</c> and <c>istio.io/rev DoesNotExist</c>, pod
/// <c>sidecar.istio.io/inject In ["true"]</c> and <c>istio.io/rev DoesNotExist</c>
/// (<c>auto.</c> only with enableNamespacesByDefault, off in the chart and in MeshInfra's values).
/// The injector then decides by pkg/kube/inject/inject.go, injectRequired: never in kube-system, kube-public,
/// kube-node-lease, local-path-storage (initializer.go, IgnoredNamespaces); the pod's
/// <c>sidecar.istio.io/inject</c> label, else its annotation, <c>true</c> or <c>false</c> decides; otherwise
/// the policy (<c>global.proxy.autoInject</c>, enabled by default and in MeshInfra's values) injects.
/// Not modelled: hostNetwork pods, never/alwaysInjectSelector (empty by default), revision tags other than
/// <c>default</c>.
/// </summary>
public sealed record SidecarInjector(ImmutableSortedSet<string> Revisions)
{
    /// <summary>The revision a revision-less istiod's <c>rev.</c> webhooks select, and the tag MeshInfra creates.</summary>
    public const string DefaultRevision = "default";

    /// <summary>Namespaces the injector never injects, whatever the labels (pkg/kube/inject/initializer.go, IgnoredNamespaces).</summary>
    public static readonly ImmutableArray<string> IgnoredNamespaces = ["kube-system", "kube-public", "kube-node-lease", "local-path-storage"];

    /// <summary>
    /// The revisions a cluster's injectors serve: each istiod release's <c>revision</c> value (none: <c>default</c>),
    /// and the <c>default</c> tag, which MeshInfra keeps wherever the istiod has a revision. A cluster whose
    /// release values name no istiod is taken to run a revision-less one.
    /// </summary>
    public static SidecarInjector For(ClusterState state, DocReader read)
    {
        var revisions = state.IstiodReleases
            .Select(r => read.Str(r.Value["revision"]) is { Length: > 0 } revision ? revision : DefaultRevision)
            .Append(DefaultRevision);
        return new SidecarInjector(revisions.ToImmutableSortedSet(StringComparer.Ordinal));
    }

    /// <summary>Whether a pod of these labels and annotations, created in a namespace of <paramref name="namespaceLabels"/>, gets a sidecar.</summary>
    public bool Injects(string ns, IReadOnlyDictionary<string, string> namespaceLabels, IReadOnlyDictionary<string, string> podLabels, IReadOnlyDictionary<string, string> podAnnotations)
    {
        var podInject = podLabels.GetValueOrDefault(IstioLabels.SidecarInject);
        var nsInjection = namespaceLabels.GetValueOrDefault(IstioLabels.Injection);
        var nsRevision = namespaceLabels.GetValueOrDefault(IstioLabels.Revision);
        var podRevision = podLabels.GetValueOrDefault(IstioLabels.Revision);
        var selected = podInject != "false" && (
            (nsRevision is not null && Revisions.Contains(nsRevision) && nsInjection is null)
            || (nsRevision is null && nsInjection is null && podRevision is not null && Revisions.Contains(podRevision))
            || nsInjection == "enabled"
            || (nsInjection is null && nsRevision is null && podInject == "true" && podRevision is null));
        if (!selected || IgnoredNamespaces.Contains(ns))
        {
            return false;
        }

        // The label is the newer API and wins over the annotation; neither (or another value) leaves it to the policy.
        return (podLabels.TryGetValue(IstioLabels.SidecarInject, out var label) ? label : podAnnotations.GetValueOrDefault(IstioLabels.SidecarInject)) != "false";
    }

    /// <summary>Whether the webhooks select a namespace of these labels for a pod that says nothing itself.</summary>
    public bool InjectsNamespace(string ns, IReadOnlyDictionary<string, string> namespaceLabels) =>
        Injects(ns, namespaceLabels, ImmutableSortedDictionary<string, string>.Empty, ImmutableSortedDictionary<string, string>.Empty);
}
