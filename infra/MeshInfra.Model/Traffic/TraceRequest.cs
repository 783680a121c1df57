using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>A request to trace: from a workload's pod to <c>host:port</c>, with request headers (lower-case names).</summary>
public sealed record TraceRequest(string Cluster, string Namespace, string Workload, string Host, int Port, ImmutableSortedDictionary<string, string> Headers)
{
    public override string ToString() =>
        $"{Cluster}/{Namespace}/{Workload} -> {Host}:{Port}" + (Headers.IsEmpty ? "" : " " + string.Join(" ", Headers.Select(h => $"[{h.Key}: {h.Value}]")));
}
