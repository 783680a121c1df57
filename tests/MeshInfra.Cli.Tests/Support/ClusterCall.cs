namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// One call apply.sh made to a cluster stand-in (<see cref="HelmClusters"/>): a change, or an existence
/// check and what the stand-in answered. <see cref="Words"/> starts with the tool (helm, kubectl),
/// then its arguments exactly as received.
/// </summary>
internal sealed record ClusterCall(string Kind, IReadOnlyList<string> Words)
{
    public const string Change = "change";
    public const string Found = "found";
    public const string Absent = "absent";

    public bool IsChange => Kind == Change;

    /// <summary>The value following <paramref name="flag"/>, or null when the call has no such flag.</summary>
    public string? Flag(string flag)
    {
        var i = Words.ToList().IndexOf(flag);
        return i >= 0 && i + 1 < Words.Count ? Words[i + 1] : null;
    }

    public override string ToString() => $"{(IsChange ? "" : $"[{Kind}] ")}{string.Join(' ', Words)}";

    /// <summary>The stand-ins' transcript file: per call, its kind and words each NUL-terminated, then \1 and NUL.</summary>
    public static IReadOnlyList<ClusterCall> Read(string transcript) =>
        transcript.Split("\u0001\0", StringSplitOptions.RemoveEmptyEntries)
            .Select(call => call.TrimEnd('\0').Split('\0'))
            .Select(words => new ClusterCall(words[0], words[1..]))
            .ToList();
}
