using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Manifests;

/// <summary>
/// A place in a manifest whose value only a cluster (or the deploy) knows. The Pulumi program
/// fills it from an Output; the CLI prints a placeholder or a value given with --set.
/// </summary>
public sealed record DeferredNode(DeferredValue Value) : ManifestNode;
