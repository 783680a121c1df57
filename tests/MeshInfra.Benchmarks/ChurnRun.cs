namespace MeshInfra.Benchmarks;

/// <summary>
/// Edits a mesh three ways (one service added, one removed, one cluster added), renders each, and
/// compares with the render before the edit: resources changed against the minimum the design
/// must change, and global host addresses moved (the address tables of the two plans).
/// </summary>
internal static class ChurnRun
{
    public static IReadOnlyList<ChurnResult> Measure(LoadedMesh baseline, string directory, TextWriter progress)
    {
        var results = new List<ChurnResult>();
        var mesh = baseline.Mesh;

        progress.WriteLine($"{mesh.Label}: churn, one service added");
        var added = LoadedMesh.Load(mesh.WithAddedService(), directory);
        var (addMinimum, addChanged) = DesignMinimum.ForService(added.Stack.Spec, added.Stack.Spec.Services.Single(s => s.Name == "svc-added"));
        results.Add(Compare("one service added", baseline, added, addMinimum, [], addChanged));
        added = null;

        progress.WriteLine($"{mesh.Label}: churn, one service removed");
        var removedName = mesh.RemovableService.Name;
        var removed = LoadedMesh.Load(mesh.WithoutOneService(), directory);
        var (removeMinimum, removeChanged) = DesignMinimum.ForService(baseline.Stack.Spec, baseline.Stack.Spec.Services.Single(s => s.Name == removedName));
        results.Add(Compare("one service removed", baseline, removed, [], removeMinimum, removeChanged));
        removed = null;

        progress.WriteLine($"{mesh.Label}: churn, one cluster added");
        var grown = LoadedMesh.Load(mesh.WithAddedCluster(), directory);
        var newCluster = grown.Stack.Spec.Clusters[^1];
        results.Add(Compare("one cluster added (serving nothing)", baseline, grown, DesignMinimum.ForCluster(grown.Stack.Spec, newCluster), [], []));
        return results;
    }

    private static ChurnResult Compare(
        string edit, LoadedMesh before, LoadedMesh after,
        Dictionary<string, int> minimumAdded, Dictionary<string, int> minimumRemoved, Dictionary<string, int> minimumChanged)
    {
        var changes = RenderDiff.Compare(before.Files, after.Files);
        var was = before.Stack.Plan.AddressTable;
        var now = after.Stack.Plan.AddressTable;
        var kept = was.Keys.Where(now.ContainsKey).ToList();
        var moved = kept.Count(h => was[h] != now[h]);
        return new ChurnResult(edit, changes, minimumAdded, minimumRemoved, minimumChanged, kept.Count, moved);
    }
}
