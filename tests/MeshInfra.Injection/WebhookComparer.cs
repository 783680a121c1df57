namespace MeshInfra.Injection;

/// <summary>Webhooks compared by name, injector and the requirements of both selectors (records compare lists by reference).</summary>
public sealed class WebhookComparer : IEqualityComparer<InjectionWebhook>
{
    public static readonly WebhookComparer Instance = new();

    public bool Equals(InjectionWebhook? x, InjectionWebhook? y) =>
        x is not null && y is not null && x.Name == y.Name && x.Injector == y.Injector
        && Same(x.NamespaceSelector, y.NamespaceSelector) && Same(x.ObjectSelector, y.ObjectSelector);

    public int GetHashCode(InjectionWebhook obj) => HashCode.Combine(obj.Name, obj.Injector);

    private static bool Same(LabelSelector a, LabelSelector b) =>
        a.Requirements.Count == b.Requirements.Count
        && a.Requirements.Zip(b.Requirements).All(p => p.First.Key == p.Second.Key && p.First.Operator == p.Second.Operator && p.First.Values.SequenceEqual(p.Second.Values));
}
