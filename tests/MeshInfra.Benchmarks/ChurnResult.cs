namespace MeshInfra.Benchmarks;

/// <summary>One edit of the largest mesh: what its render changed, what it had to change at least, and which addresses moved.</summary>
internal sealed record ChurnResult(
    string Edit,
    ResourceChanges Changes,
    IReadOnlyDictionary<string, int> MinimumAdded,
    IReadOnlyDictionary<string, int> MinimumRemoved,
    IReadOnlyDictionary<string, int> MinimumChanged,
    int HostsKept,
    int AddressesMoved)
{
    public int MinimumTotal => MinimumAdded.Values.Sum() + MinimumRemoved.Values.Sum() + MinimumChanged.Values.Sum();

    public bool IsExactlyMinimum =>
        Same(Changes.Added, MinimumAdded) && Same(Changes.Removed, MinimumRemoved) && Same(Changes.Changed, MinimumChanged);

    private static bool Same(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var n) && n == p.Value);
}
