using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Istio;

/// <summary>
/// The handover's first step when the old control plane has no revision: its injector's webhooks
/// are made to match nothing before the <c>default</c> tag takes over the default labels, exactly as
/// <c>istioctl tag set default</c> does (istioctl/pkg/tag/generate.go, Generate, which calls
/// DeactivateIstioInjectionWebhook in istioctl/pkg/tag/util.go at 1.30.3: every webhook's
/// namespaceSelector and objectSelector become util.NeverMatch, <c>istio.io/deactivated: never-match</c>,
/// a label no object carries). Applied as a server-side patch of the four webhooks the revision-less
/// chart renders (istio-discovery templates/mutatingwebhook.yaml: rev.namespace., rev.object.,
/// namespace., object.; auto. only with enableNamespacesByDefault, which MeshInfra leaves off).
/// A server-side patch can name single webhooks because <c>webhooks</c> is a list map keyed by name
/// (k8s.io/api admissionregistration/v1 types.go, <c>+listType=map +listMapKey=name</c>); it is
/// forced, since the old release owns the selectors. Even if a selector kept the chart's
/// matchExpressions beside the new matchLabels, they are ANDed, so it still matches nothing.
/// The old release's uninstall, later in the same run, deletes the object.
/// </summary>
public static class InjectorDeactivation
{
    /// <summary>The revision-less injector's webhook configuration in istio-system.</summary>
    public const string RevisionlessInjector = "istio-sidecar-injector";

    /// <summary>The release that owns the injector: the revision-less istiod.</summary>
    public const string Owner = "istiod";

    /// <summary>Why the handover patches the old injector, for <c>diff</c>.</summary>
    public const string Reason = "the handover's deactivation of the old istiod's injector, whose webhooks then match nothing (as istioctl tag set default does), right before the default revision tag takes the default labels; istiod's uninstall deletes the object at the end of the run";

    public const string NeverMatchLabel = "istio.io/deactivated";
    public const string NeverMatchValue = "never-match";

    public static readonly IReadOnlyList<string> RevisionlessWebhooks =
        ["rev.namespace.sidecar-injector.istio.io", "rev.object.sidecar-injector.istio.io", "namespace.sidecar-injector.istio.io", "object.sidecar-injector.istio.io"];

    public static KubeObject Patch()
    {
        var never = MapNode.Of(("matchLabels", MapNode.OfStrings([KeyValuePair.Create(NeverMatchLabel, NeverMatchValue)])));
        var webhooks = ListNode.From(RevisionlessWebhooks.Select(name => (ManifestNode)MapNode.Of(
            ("name", name),
            ("namespaceSelector", never),
            ("objectSelector", never))));
        return new KubeObject(RevisionTagWebhook.ApiVersion, RevisionTagWebhook.Kind, ObjectMeta.Named(RevisionlessInjector), MapNode.Of(("webhooks", webhooks)));
    }
}
