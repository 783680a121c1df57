using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A request to trace: from a workload's pod to <c>host:port</c>, with request headers. Header names
/// are case-insensitive and Envoy matches them lower-cased, so they are lower-cased here, where every
/// request is built (the CLI, verify's cases, tests), and a rule for <c>end-user</c> sees <c>End-User</c>.
/// An <see cref="External"/> request comes from outside the mesh into <see cref="Cluster"/>'s ingress
/// gateway: <see cref="Host"/> is then its Host and <see cref="Port"/> the gateway Service's port.
/// </summary>
public sealed record TraceRequest(string Cluster, string Namespace, string Workload, string Host, int Port, ImmutableSortedDictionary<string, string> Headers)
{
    public ImmutableSortedDictionary<string, string> Headers { get; init => field = LowerCased(value); } = LowerCased(Headers);

    /// <summary>The request's path (with its query, if any); <c>/</c> unless given.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The HTTP method (AuthorizationPolicy operations can name it); GET unless given.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>A client outside the mesh, entering through <see cref="Cluster"/>'s ingress gateway.</summary>
    public bool External { get; init; }

    /// <summary>The Host Envoy routes by: a <c>host</c> header where given, else the name dialled.</summary>
    public string Authority => Headers.GetValueOrDefault("host") ?? Host;

    /// <summary>An external request to <paramref name="host"/> on port <paramref name="port"/> of <paramref name="cluster"/>'s ingress gateway.</summary>
    public static TraceRequest FromOutside(string cluster, string host, int port, string path, ImmutableSortedDictionary<string, string> headers) =>
        new(cluster, "", "", host, port, headers) { External = true, Path = path };

    public override string ToString() =>
        (External ? $"external -> {Host}:{Port} via {Cluster}" : $"{Cluster}/{Namespace}/{Workload} -> {Host}:{Port}")
        + (Path == "/" ? "" : $" {Path}")
        + (Headers.IsEmpty ? "" : " " + string.Join(" ", Headers.Select(h => $"[{h.Key}: {h.Value}]")));

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
