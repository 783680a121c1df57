using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>One <c>egress</c> entry of a Sidecar: the port it is for (none: every port) and its <c>namespace/host</c> imports.</summary>
public sealed record SidecarEgressListener(int? Port, ImmutableArray<string> Hosts);
