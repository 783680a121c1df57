namespace MeshInfra.Benchmarks;

/// <summary>
/// How two renders differ, per resource (a resource's files, named without their apply-order step):
/// added, removed and changed resources by kind, plus what a plain byte-wise compare of the two
/// folders sees, which also counts every file whose step number (and so whose name) moved.
/// </summary>
internal sealed record ResourceChanges(
    IReadOnlyDictionary<string, int> Added,
    IReadOnlyDictionary<string, int> Removed,
    IReadOnlyDictionary<string, int> Changed,
    int FilesDifferingByPath,
    int FilesRenumberedOnly)
{
    public int AddedCount => Added.Values.Sum();

    public int RemovedCount => Removed.Values.Sum();

    public int ChangedCount => Changed.Values.Sum();

    public int Total => AddedCount + RemovedCount + ChangedCount;
}
