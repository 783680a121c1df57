using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>A Gateway server in TLS AUTO_PASSTHROUGH mode: its port, the host patterns it admits and the gateway pods it selects.</summary>
public sealed record PassthroughServer(int Port, ImmutableArray<string> Hosts, ImmutableSortedDictionary<string, string> Selector, ObjectRef Source);
