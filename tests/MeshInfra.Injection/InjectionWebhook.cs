namespace MeshInfra.Injection;

/// <summary>One webhook of a MutatingWebhookConfiguration: which istiod Service injects, and for which pods.</summary>
public sealed record InjectionWebhook(string Name, string Injector, LabelSelector NamespaceSelector, LabelSelector ObjectSelector)
{
    public bool Matches(IReadOnlyDictionary<string, string> namespaceLabels, IReadOnlyDictionary<string, string> podLabels) =>
        NamespaceSelector.Matches(namespaceLabels) && ObjectSelector.Matches(podLabels);
}
