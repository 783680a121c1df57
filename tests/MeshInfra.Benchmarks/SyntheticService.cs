namespace MeshInfra.Benchmarks;

/// <summary>An exported service of a synthetic mesh; <see cref="Routed"/> adds a version route for every client cluster.</summary>
internal sealed record SyntheticService(string Name, string Namespace, int Ports, IReadOnlyList<SyntheticInstance> Instances, bool Routed)
{
    public bool IsVersioned => Instances.Any(i => i.Version is not null);
}
