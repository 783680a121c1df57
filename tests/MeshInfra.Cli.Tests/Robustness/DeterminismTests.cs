using System.Text;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// The same mesh gives the same bytes: whatever the order of keys in the stack file, and whichever process
/// renders it. A YAML mapping has no order, and .NET seeds string hashing per process, so output that
/// depended on either would differ here.
/// </summary>
public sealed class DeterminismTests
{
    private const ulong Seed = 20261123;
    private const int Permutations = 4;

    public static TheoryData<string> RepoStacks => new() { "Pulumi.dev.yaml", "Pulumi.prod.yaml" };

    public static TheoryData<string> AllStacks => new(TestStacks.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void ReorderedKeysGiveTheSameRenderPlanAndGraph(string name)
    {
        var original = TestStacks.All.Single(s => s.Name == name).Text;
        using var temp = new TempDirectory();
        // One path and one output folder for every variant: both appear in the output.
        var path = temp.Combine(name.Replace("Configs.", "Pulumi.", StringComparison.Ordinal));
        var outDir = temp.Combine("out");
        File.WriteAllText(path, original);
        var expected = Outputs(path, outDir);

        var random = new SplitMix(Seed);
        var unshuffled = KeyShuffler.Rewrite(original);
        for (var i = 0; i < Permutations; i++)
        {
            var shuffled = KeyShuffler.Shuffle(original, random);
            Assert.NotEqual(unshuffled, shuffled);
            File.WriteAllText(path, shuffled);

            var actual = Outputs(path, outDir);

            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var (what, bytes) in expected)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(actual[what]), $"{what} differs after reordering the keys of {name} (permutation {i}):\n{shuffled}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RepoStacks))]
    public void RenderPlanAndGraphAreByteIdenticalAcrossProcesses(string stack)
    {
        Assert.True(File.Exists(MeshinfraProcess.Dll), $"The CLI's assembly is not next to the tests: {MeshinfraProcess.Dll}");
        using var temp = new TempDirectory();
        var path = Path.Combine(Repo.Root, stack);
        var outDir = temp.Combine("out");
        var plan = StackLoader.Load(path).Plan;

        // Both layouts, the kubectl one with every deploy-time value set: the same process rendering
        // twice would hide output that hangs on per-process string hashing, so each render is its own process.
        foreach (var layout in new[] { new[] { "render", path, "--out", outDir }, ["render", path, "--out", outDir, "--layout", "kubectl", .. KubectlRender.AllSets(plan)] })
        {
            var inProcess = Render(outDir, () => CliRunner.Run(layout));
            var firstProcess = Render(outDir, () => MeshinfraProcess.Run(layout));
            var secondProcess = Render(outDir, () => MeshinfraProcess.Run(layout));

            // What the render says it wrote, folder by folder, is what is there: a mesh folder and one per cluster.
            Assert.Equal(
                plan.Clusters.Select(c => c.Cluster.Name).Append("mesh").Order(StringComparer.Ordinal),
                inProcess.Files.Keys.Select(k => k.Split('/')[0]).Distinct().Order(StringComparer.Ordinal));
            if (layout.Length == 4)
            {
                Assert.Equal(RenderReport.Files(inProcess.Stdout), inProcess.Files.Keys.GroupBy(k => k.Split('/')[0]).Select(g => (g.Key, g.Count())).Order());
            }

            Assert.Equal(inProcess.Stdout, firstProcess.Stdout);
            Assert.Equal(inProcess.Stdout, secondProcess.Stdout);
            foreach (var other in new[] { firstProcess, secondProcess })
            {
                Assert.Equal(inProcess.Files.Keys, other.Files.Keys);
                Assert.All(inProcess.Files, f => Assert.True(f.Value.AsSpan().SequenceEqual(other.Files[f.Key]), $"{f.Key} differs between processes"));
            }
        }

        foreach (var command in new[] { new[] { "plan", path }, ["graph", path], ["graph", path, "--format", "dot"] })
        {
            var output = CliRunner.Ok(command).Stdout;
            Assert.Equal(output, MeshinfraProcess.Run(command).Stdout);
            Assert.Equal(output, MeshinfraProcess.Run(command).Stdout);
        }
    }

    /// <summary>Every output of every command for one stack file, by name, as bytes.</summary>
    private static Dictionary<string, byte[]> Outputs(string path, string outDir)
    {
        var outputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (command, args) in new (string, string[])[]
        {
            ("validate", ["validate", path]),
            ("plan", ["plan", path]),
            ("graph (mermaid)", ["graph", path]),
            ("graph (dot)", ["graph", path, "--format", "dot"]),
            ("render", ["render", path, "--out", outDir]),
        })
        {
            outputs[$"{command} output"] = Encoding.UTF8.GetBytes(CliRunner.Ok(args).Stdout);
        }

        foreach (var (file, bytes) in RenderedTree.Bytes(outDir))
        {
            outputs[file] = bytes;
        }

        return outputs;
    }

    private static (string Stdout, SortedDictionary<string, byte[]> Files) Render(string outDir, Func<CliResult> run)
    {
        var result = run();
        Assert.True(result.ExitCode == 0, result.ToString());
        return (result.Stdout, RenderedTree.Bytes(outDir));
    }
}
