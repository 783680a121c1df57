using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A request to trace: from a workload's pod to <c>host:port</c>, with request headers. Header names
/// are case-insensitive and Envoy matches them lower-cased, so they are lower-cased here, where every
/// request is built (the CLI, verify's cases, tests), and a rule for <c>end-user</c> sees <c>End-User</c>.
/// </summary>
public sealed record TraceRequest(string Cluster, string Namespace, string Workload, string Host, int Port, ImmutableSortedDictionary<string, string> Headers)
{
    public ImmutableSortedDictionary<string, string> Headers { get; init => field = LowerCased(value); } = LowerCased(Headers);

    public override string ToString() =>
        $"{Cluster}/{Namespace}/{Workload} -> {Host}:{Port}" + (Headers.IsEmpty ? "" : " " + string.Join(" ", Headers.Select(h => $"[{h.Key}: {h.Value}]")));

    private static ImmutableSortedDictionary<string, string> LowerCased(ImmutableSortedDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (!builder.TryAdd(lower, value))
            {
                throw new ArgumentException($"header '{name}' is given twice (header names are case-insensitive: '{lower}')", nameof(headers));
            }
        }

        return builder.ToImmutable();
    }
}
