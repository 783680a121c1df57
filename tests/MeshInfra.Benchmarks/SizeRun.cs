using System.Text;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Benchmarks;

/// <summary>Times each phase of <c>meshinfra render</c> on one mesh size and counts what it produced.</summary>
internal static class SizeRun
{
    public static (SizeResult Result, LoadedMesh Loaded) Measure(SyntheticMesh mesh, string directory, int iterations, TextWriter progress)
    {
        const int warmups = 1;
        var path = StackFiles.Write(mesh, directory);

        // Parse alone: StackLoader.Validate also plans (to find federated copies that collide with
        // planned objects), which would count the plan twice.
        progress.WriteLine($"{mesh.Label}: parse (read the stack file, parse and validate the mesh)");
        var (parse, parsed) = Bench.Run(warmups, iterations, () =>
        {
            var file = StackFileReader.Read(path);
            var (spec, errors) = MeshConfigParser.TryParse(file.Mesh);
            return spec is null ? throw new InvalidOperationException(string.Join("\n", errors)) : (File: file, Spec: spec);
        });

        progress.WriteLine($"{mesh.Label}: plan");
        var (plan, planned) = Bench.Run(warmups, iterations, () => MeshPlanner.Plan(parsed.Spec));
        var stack = new LoadedStack(parsed.File, parsed.Spec, planned);
        var values = DeferredValueResolver.FromSetArguments(planned, []);

        progress.WriteLine($"{mesh.Label}: render in memory");
        var (render, files) = Bench.Run(warmups, iterations, () => MeshRenderer.Render(stack, values));

        // The whole traffic matrix over the planned objects, the inputs built as `meshinfra verify`
        // builds them: every cluster to every exported host and port.
        progress.WriteLine($"{mesh.Label}: verify (the whole traffic matrix)");
        var (verify, cases) = Bench.Run(warmups, iterations, () =>
            MeshVerifier.Verify(parsed.Spec, MeshTraffic.FromPlan(planned, v => v.Placeholder).Model(v => v.Placeholder)));

        progress.WriteLine($"{mesh.Label}: write to a temporary folder");
        var outDir = Path.Combine(directory, "render-" + mesh.Clusters + "x" + mesh.Services.Count);
        var folders = MeshRenderer.Folders(planned);
        // Creating some 200,000 files is I/O-bound, slow and noisy on a shared VM: one run, no warm-up.
        var (write, _) = Bench.Run(0, 1, () =>
        {
            RenderOutput.Write(outDir, folders, files);
            return outDir;
        });
        Directory.Delete(outDir, recursive: true);

        progress.WriteLine($"{mesh.Label}: YamlDotNet serializer over the same documents");
        var documents = YamlBaseline.Documents(planned, values);
        var (serialize, baselineBytes) = Bench.Run(warmups, iterations, () => YamlBaseline.Serialize(documents));
        documents = null;
        Bench.Collect();

        progress.WriteLine($"{mesh.Label}: the render's emitter over every document, nothing shared");
        var (emitEach, _) = Bench.Run(warmups, iterations, () => YamlBaseline.EmitEach(planned, values));

        progress.WriteLine($"{mesh.Label}: peak memory (a fresh process)");
        var memory = MemoryProbe.Measure(path);

        var counts = RenderDiff.CountByFolder(files);
        var spec = parsed.Spec;
        var clustersAtMinimum = spec.Clusters.Count(c => Same(counts[c.Name], DesignMinimum.ForCluster(spec, c)));
        var resources = counts.Values.Sum(k => k.Values.Sum());
        var perCluster = spec.Clusters.Average(c => counts[c.Name].Values.Sum());
        var minimumPerCluster = spec.Clusters.Average(c => DesignMinimum.ForCluster(spec, c).Values.Sum());

        var result = new SizeResult(
            mesh, parse, plan, render, verify, cases.Length, cases.Count(c => !c.Passed), write, serialize, emitEach,
            files.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Content)), baselineBytes,
            files.Count, resources, DesignMinimum.Total(spec), clustersAtMinimum, perCluster, minimumPerCluster,
            planned.Depth, planned.Edges.Length, memory);
        return (result, new LoadedMesh(mesh, path, stack, files));
    }

    private static bool Same(Dictionary<string, int> a, Dictionary<string, int> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var n) && n == p.Value);
}
