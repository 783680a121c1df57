namespace MeshInfra.Cli;

/// <summary>
/// The size limits on everything the CLI reads, each far above any real stack and far below what would
/// exhaust memory: past one, the CLI stops at once with exit 2 and names the limit (README, "Limits").
/// </summary>
public static class InputLimits
{
    /// <summary>A stack file: 64 MiB. A 100-cluster, 1,000-service stack is under 1 MiB.</summary>
    public const int StackFileBytes = 64 * 1024 * 1024;

    /// <summary>One value (or key) in a stack file: 64 KiB, room for any PEM certificate or encrypted secret.</summary>
    public const int ValueChars = 64 * 1024;

    /// <summary>All the text a stack file's mesh expands into through YAML aliases: as much as the file may hold.</summary>
    public const int ExpandedChars = StackFileBytes;

    /// <summary>
    /// The values one YAML file may expand into through aliases and merge keys, counted while expanding,
    /// over every key of the file: 100,000. A 100-cluster, 1,000-service mesh is about 12,500 (measured with the benchmarks' --stack-file 100x1000).
    /// </summary>
    public const int ExpandedNodes = 100_000;

    /// <summary>One --set KEY=VALUE: 1,024 characters. The longest value, a DNS name, is 253.</summary>
    public const int SetArgumentChars = 1024;
}
