using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The pods of one workload as the traffic model sees them: labels, whether they run a sidecar
/// (injection on their namespace), and their service account. <see cref="Assumed"/> marks pods the
/// stack exports but MeshInfra does not deploy, so a trace can print them as assumptions.
/// </summary>
public sealed record Workload(
    string Cluster,
    string Namespace,
    string Name,
    ImmutableSortedDictionary<string, string> Labels,
    bool HasSidecar,
    string ServiceAccount,
    bool Assumed,
    ObjectRef Source)
{
    /// <summary>The ports its containers declare (a Deployment's template, a Pod's spec); empty where the objects say none.</summary>
    public ImmutableArray<ContainerPort> ContainerPorts { get; init; } = [];

    public string? Version => Labels.GetValueOrDefault("version");

    public string? App => Labels.GetValueOrDefault("app");

    /// <summary>True when every selector label is on the pods (Kubernetes' equality selector).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => Labels.TryGetValue(s.Key, out var v) && v == s.Value);

    public override string ToString() => $"{Cluster}/{Namespace}/{Name}" + (Version is { } v ? $" ({v})" : "");
}
