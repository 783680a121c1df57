using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace MeshInfra.Benchmarks;

/// <summary>Prints the figures as Markdown tables, the form docs/performance.md records them in.</summary>
internal static class Report
{
    public const double RenderGoal = 1.5;
    public const double VerifyGoal = 3.0;
    public const double MemoryGoal = 2.0;

    public static void Machine(TextWriter o, int iterations)
    {
        o.WriteLine("## Machine");
        o.WriteLine();
        o.WriteLine($"- {Environment.ProcessorCount} logical cores, {Bytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} memory");
        o.WriteLine($"- {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        o.WriteLine($"- {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {Build()} build");
        o.WriteLine($"- each figure: median of {iterations} runs after warm-up runs (at least one, and a second's worth for quick steps); writing the files: one run; memory: one run in a fresh process");
        o.WriteLine();
    }

    public static void Sizes(TextWriter o, IReadOnlyList<SizeResult> results)
    {
        o.WriteLine("## Time (median)");
        o.WriteLine();
        o.WriteLine($"| mesh (clusters x services) | parse | plan | render (in memory) | YamlDotNet Serializer, same documents | render ÷ serializer (goal ≤ {RenderGoal}x) | render's emitter, every document, nothing shared | write the files (1 run) |");
        o.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var ratio = r.Render.MedianMs / r.Serialize.MedianMs;
            o.WriteLine($"| {r.Mesh.Label} | {Ms(r.Parse)} | {Ms(r.Plan)} | {Ms(r.Render)} | {Ms(r.Serialize)} | {ratio:0.00}x {Verdict(ratio <= RenderGoal)} | {Ms(r.EmitEach)} | {Ms(r.Write)} |");
        }

        o.WriteLine();
        o.WriteLine("## Allocated (median, per run)");
        o.WriteLine();
        o.WriteLine("| mesh | parse | plan | render | YamlDotNet Serializer | render's emitter, nothing shared |");
        o.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            o.WriteLine($"| {r.Mesh.Label} | {Bytes(r.Parse.MedianAllocatedBytes)} | {Bytes(r.Plan.MedianAllocatedBytes)} | {Bytes(r.Render.MedianAllocatedBytes)} | {Bytes(r.Serialize.MedianAllocatedBytes)} | {Bytes(r.EmitEach.MedianAllocatedBytes)} |");
        }

        o.WriteLine();
        o.WriteLine("## Verify: the whole traffic matrix (median)");
        o.WriteLine();
        o.WriteLine($"Goal: the same order of time as the render (verify ÷ render ≤ {VerifyGoal}x). Each case traces one request hop by hop; a gateway's answer for one SNI is computed once.");
        o.WriteLine();
        o.WriteLine($"| mesh | cases | failed | verify | allocated | verify ÷ render (goal ≤ {VerifyGoal}x) |");
        o.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var ratio = r.Verify.MedianMs / r.Render.MedianMs;
            o.WriteLine($"| {r.Mesh.Label} | {r.VerifyCases:N0} | {r.VerifyFailed} | {Ms(r.Verify)} | {Bytes(r.Verify.MedianAllocatedBytes)} | {ratio:0.00}x {Verdict(ratio <= VerifyGoal)} |");
        }

        o.WriteLine();
        o.WriteLine("## Memory (one `meshinfra render`, fresh process)");
        o.WriteLine();
        o.WriteLine($"| mesh | YAML produced | peak working set | peak ÷ YAML (goal ≤ {MemoryGoal}x) | working set at start (runtime, before any work) | peak above start | above start ÷ YAML | live heap after render (plan + files) |");
        o.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var m = r.Memory;
            var ratio = (double)m.PeakAfterRender / m.YamlBytes;
            var above = m.PeakAfterRender - m.StartWorkingSet;
            var aboveRatio = (double)above / m.YamlBytes;
            o.WriteLine($"| {r.Mesh.Label} | {Bytes(m.YamlBytes)} | {Bytes(m.PeakAfterRender)} | {ratio:0.0}x {Verdict(ratio <= MemoryGoal)} | {Bytes(m.StartWorkingSet)} | {Bytes(above)} | {aboveRatio:0.0}x | {Bytes(m.LiveHeapAfterRender)} |");
        }

        o.WriteLine();
        o.WriteLine("## Objects against the design's minimum");
        o.WriteLine();
        o.WriteLine("| mesh | resources per cluster (mean) | minimum per cluster (mean) | clusters exactly at the minimum | resources in total | minimum in total | files |");
        o.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            o.WriteLine($"| {r.Mesh.Label} | {r.ResourcesPerCluster:0.0} | {r.MinimumPerCluster:0.0} | {r.ClustersAtMinimum} of {r.Mesh.Clusters} | {r.Resources:N0} | {r.MinimumResources:N0} {Verdict(r.Resources == r.MinimumResources)} | {r.Files:N0} |");
        }

        o.WriteLine();
        o.WriteLine("## Dependency graph");
        o.WriteLine();
        o.WriteLine("| mesh | depth (MeshPlan.Depth) | edges |");
        o.WriteLine("| --- | ---: | ---: |");
        foreach (var r in results)
        {
            o.WriteLine($"| {r.Mesh.Label} | {r.Depth} | {r.Edges:N0} |");
        }

        o.WriteLine();
        o.WriteLine($"Depth {(results.Select(r => r.Depth).Distinct().Count() == 1 ? "is the same at every size ✅" : "changes with size ❌")}.");
        o.WriteLine();
    }

    public static void Churn(TextWriter o, string mesh, IReadOnlyList<ChurnResult> results)
    {
        o.WriteLine($"## Churn ({mesh})");
        o.WriteLine();
        o.WriteLine("| edit | resources added / removed / changed | minimum | exactly the minimum | addresses moved | files differing by path (renumbered only) |");
        o.WriteLine("| --- | --- | --- | --- | ---: | ---: |");
        foreach (var r in results)
        {
            var c = r.Changes;
            o.WriteLine($"| {r.Edit} | {c.AddedCount:N0} / {c.RemovedCount:N0} / {c.ChangedCount:N0} | {r.MinimumAdded.Values.Sum():N0} / {r.MinimumRemoved.Values.Sum():N0} / {r.MinimumChanged.Values.Sum():N0} | {Verdict(r.IsExactlyMinimum)} | {r.AddressesMoved} of {r.HostsKept:N0} {Verdict(r.AddressesMoved == 0)} | {c.FilesDifferingByPath:N0} ({c.FilesRenumberedOnly:N0}) |");
        }

        o.WriteLine();
        foreach (var r in results)
        {
            o.WriteLine($"- {r.Edit}: added {Kinds(r.Changes.Added)}; removed {Kinds(r.Changes.Removed)}; changed {Kinds(r.Changes.Changed)}.");
        }

        o.WriteLine();
    }

    private static string Kinds(IReadOnlyDictionary<string, int> kinds) =>
        kinds.Count == 0 ? "nothing" : string.Join(", ", kinds.Select(k => $"{k.Value:N0} {k.Key}"));

    private static string Verdict(bool met) => met ? "✅" : "❌";

    private static string Ms(Measurement m) => m.MedianMs >= 100
        ? string.Format(CultureInfo.InvariantCulture, "{0:N0} ms", m.MedianMs)
        : string.Format(CultureInfo.InvariantCulture, "{0:0.0} ms", m.MedianMs);

    private static string Bytes(long bytes) => bytes >= 1 << 30
        ? string.Format(CultureInfo.InvariantCulture, "{0:0.00} GiB", bytes / (double)(1 << 30))
        : string.Format(CultureInfo.InvariantCulture, "{0:0.0} MiB", bytes / (double)(1 << 20));

    private static string Build() =>
#if DEBUG
        "Debug (timings are not representative; use -c Release)";
#else
        "Release";
#endif
}
