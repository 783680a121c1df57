using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Istio;

/// <summary>
/// The <c>default</c> revision tag as an object MeshInfra owns, not a Helm release's: the
/// MutatingWebhookConfiguration that Istio's istio-discovery chart renders from
/// <c>templates/revision-tags-mwc.yaml</c> with <c>revisionTags={default}</c> (identical at 1.30.3
/// and 1.31.0-rc.0 but for the quoting of the Service namespace). One object whose webhooks point at
/// one revision's istiod, so moving the tag from one revision to the next is an update in place:
/// there is never a moment with two tags, which two Helm releases handing it over would need (Helm
/// refuses an object another release owns, and Pulumi deletes the old release last).
/// </summary>
public static class RevisionTagWebhook
{
    public const string Tag = "default";
    public const string Name = "istio-revision-tag-default";
    public const string ApiVersion = "admissionregistration.k8s.io/v1";
    public const string Kind = "MutatingWebhookConfiguration";

    /// <summary>Label the chart puts on each tag's webhook configuration (and istioctl looks tags up by).</summary>
    public const string TagLabel = "istio.io/tag";

    /// <summary>
    /// The tag pointing at <paramref name="revision"/>. Labelled <c>istio.io/rev: &lt;revision&gt;</c> as
    /// the chart does: istiod fills in the caBundle of every webhook configuration whose <c>istio.io/rev</c>
    /// label is its revision, in each webhook named <c>*sidecar-injector.istio.io</c>
    /// (pkg/webhooks/webhookpatch.go, WebhookCertPatcher.patchMutatingWebhookConfig, 1.30.3), so
    /// MeshInfra never sets it, and a moved tag is picked up by the new revision's istiod. The injection
    /// path is the chart's default <c>/inject</c> (<c>istiodRemote.injectionPath</c>); reinvocation
    /// <c>Never</c> and the absent <c>auto.</c> webhook follow the chart defaults
    /// (<c>sidecarInjectorWebhook.reinvocationPolicy</c>, <c>enableNamespacesByDefault: false</c>).
    /// </summary>
    public static KubeObject For(string revision)
    {
        var meta = ObjectMeta.Named(Name)
            .WithLabel(TagLabel, Tag)
            .WithLabel(IstioLabels.Revision, revision)
            .WithLabel("app", "sidecar-injector")
            .WithLabel(OwnershipLabels.ManagedByKey, OwnershipLabels.ManagedBy);
        ManifestNode Webhook(string prefix, MapNode namespaceSelector, MapNode objectSelector) => MapNode.Of(
            ("name", $"{prefix}sidecar-injector.istio.io"),
            ("clientConfig", MapNode.Of(("service", MapNode.Of(
                ("name", $"istiod-{revision}"),
                ("namespace", IstioLabels.IstioSystem),
                ("path", "/inject"),
                ("port", 443))))),
            ("sideEffects", "None"),
            ("rules", ListNode.Of(MapNode.Of(
                ("operations", ListNode.Of("CREATE")),
                ("apiGroups", ListNode.Of("")),
                ("apiVersions", ListNode.Of("v1")),
                ("resources", ListNode.Of("pods"))))),
            ("failurePolicy", "Fail"),
            ("reinvocationPolicy", "Never"),
            ("admissionReviewVersions", ListNode.Of("v1")),
            ("namespaceSelector", namespaceSelector),
            ("objectSelector", objectSelector));

        // The four webhooks of the template, in its order: the tag's own label on the namespace or
        // the pod, then (tag "default" only) the default labels istio-injection=enabled and
        // sidecar.istio.io/inject=true.
        var webhooks = ListNode.Of(
            Webhook("rev.namespace.", Selector(In(IstioLabels.Revision, Tag), Absent(IstioLabels.Injection)), Selector(NotIn(IstioLabels.SidecarInject, "false"))),
            Webhook("rev.object.", Selector(Absent(IstioLabels.Revision), Absent(IstioLabels.Injection)), Selector(NotIn(IstioLabels.SidecarInject, "false"), In(IstioLabels.Revision, Tag))),
            Webhook("namespace.", Selector(In(IstioLabels.Injection, "enabled")), Selector(NotIn(IstioLabels.SidecarInject, "false"))),
            Webhook("object.", Selector(Absent(IstioLabels.Injection), Absent(IstioLabels.Revision)), Selector(In(IstioLabels.SidecarInject, "true"), Absent(IstioLabels.Revision))));
        return new KubeObject(ApiVersion, Kind, meta, MapNode.Of(("webhooks", webhooks)));
    }

    private static MapNode Selector(params ManifestNode[] expressions) => MapNode.Of(("matchExpressions", ListNode.Of(expressions)));

    private static ManifestNode In(string key, string value) => MapNode.Of(("key", key), ("operator", "In"), ("values", ListNode.Of(value)));

    private static ManifestNode NotIn(string key, string value) => MapNode.Of(("key", key), ("operator", "NotIn"), ("values", ListNode.Of(value)));

    private static ManifestNode Absent(string key) => MapNode.Of(("key", key), ("operator", "DoesNotExist"));
}
