using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Planning;

/// <summary>
/// What the planner derives from an object or a deferred value, derived once. Clusters share most
/// objects (<see cref="SharedHostObjects"/>), and every cluster's ServiceEntries need the same few
/// gateway values, so walking each tree and formatting each id and edge reason once per cluster was
/// most of the planner's work. Objects are keyed by reference: they are immutable, and shared ones
/// are the very same instance.
/// </summary>
internal sealed class PlanMemo(Config.MeshSpec spec)
{
    private readonly Dictionary<KubeObject, (string Identity, IReadOnlyList<DeferredValue> Deferred)> objects = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<DeferredValue, (ResourceId Producer, string Reason)> values = [];
    private readonly Dictionary<string, string> namespaceReasons = new(StringComparer.Ordinal);

    private IReadOnlyCollection<string>? clientNamespaces;

    /// <summary>
    /// The namespaces the stack knows clients in, in ordinal order: every service's, the samples', and the
    /// probe client's that verify and doctor trace from. A route's exported copy names them (see
    /// IstioObjects.RouteVirtualService).
    /// </summary>
    public IReadOnlyCollection<string> ClientNamespaces => clientNamespaces ??= spec.Services.Select(s => s.Namespace)
        .Concat(new[] { spec.Samples.Sleep?.Namespace, spec.Samples.Httpbin?.Namespace, spec.Samples.Bookinfo?.Namespace }.OfType<string>())
        .Append(Traffic.MeshTraffic.ProbeNamespace)
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary><see cref="KubeObject.Identity"/>.</summary>
    public string IdentityOf(KubeObject obj) => Facts(obj).Identity;

    /// <summary>The object's deferred values, each once, in tree order.</summary>
    public IReadOnlyList<DeferredValue> DeferredIn(KubeObject obj) => Facts(obj).Deferred;

    /// <summary>The resource that makes <paramref name="value"/> known, and the edge reason naming it.</summary>
    public (ResourceId Producer, string Reason) Need(DeferredValue value)
    {
        if (!values.TryGetValue(value, out var need))
        {
            need = (MeshPlanner.Producer(spec, value), $"needs {value.Key}");
            values[value] = need;
        }

        return need;
    }

    public string LivesIn(string ns)
    {
        if (!namespaceReasons.TryGetValue(ns, out var reason))
        {
            reason = $"lives in namespace {ns}";
            namespaceReasons[ns] = reason;
        }

        return reason;
    }

    private (string Identity, IReadOnlyList<DeferredValue> Deferred) Facts(KubeObject obj)
    {
        if (!objects.TryGetValue(obj, out var facts))
        {
            // Metadata, apiVersion and kind are plain strings: every deferred value sits in the body.
            facts = (obj.Identity, MeshPlanner.DeferredIn(obj.Body).Distinct().ToList());
            objects[obj] = facts;
        }

        return facts;
    }
}
