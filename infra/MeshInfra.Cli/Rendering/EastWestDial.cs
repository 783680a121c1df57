namespace MeshInfra.Cli.Rendering;

/// <summary>
/// What the other clusters dial for this cluster's east-west gateway once they run this render: per other
/// cluster, its kubectl and the <c>address port</c> of every endpoint its ServiceEntries give this cluster
/// (the endpoints labelled <c>cluster: &lt;this cluster&gt;</c>), sorted and distinct.
/// </summary>
public sealed record EastWestDial(string Cluster, IReadOnlyList<(string Name, string Kubectl, IReadOnlyList<string> Expected)> Dialers);
