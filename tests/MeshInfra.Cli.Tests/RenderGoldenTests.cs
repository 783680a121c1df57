using System.Text;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>
/// The whole render of the dev stack (with cluster2's gateway address given), one golden folder per
/// cluster under Golden/dev/, compared byte for byte. Goldens are reviewed like code.
/// To regenerate after an intended change, run
/// <c>MESHINFRA_UPDATE_GOLDEN=1 dotnet test tests/MeshInfra.Cli.Tests</c>, then read the diff of Golden/.
/// </summary>
public sealed class RenderGoldenTests
{
    private const string UpdateVariable = "MESHINFRA_UPDATE_GOLDEN";

    [Theory]
    [InlineData("mesh")]
    [InlineData("cluster1")]
    [InlineData("cluster2")]
    public void DevStackRenderMatchesGolden(string folder)
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path, "--set", "cluster2.gatewayAddress=203.0.113.7");
        var actual = RenderedTree.Bytes(temp.Combine(folder));
        var goldenDir = Repo.Golden("dev", folder);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (Directory.Exists(goldenDir))
            {
                Directory.Delete(goldenDir, recursive: true);
            }

            Directory.CreateDirectory(goldenDir);
            foreach (var (name, bytes) in actual)
            {
                File.WriteAllBytes(Path.Combine(goldenDir, name), bytes);
            }
        }

        Assert.True(Directory.Exists(goldenDir), $"No golden folder {goldenDir}; run with {UpdateVariable}=1 to create it.");
        var expected = RenderedTree.Bytes(goldenDir);
        Assert.Equal(expected.Keys, actual.Keys);
        var different = expected.Keys.Where(k => !expected[k].AsSpan().SequenceEqual(actual[k])).ToList();
        Assert.True(different.Count == 0, Describe(different, expected, actual));
    }

    private static string Describe(List<string> files, SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        var text = new StringBuilder($"{files.Count} file(s) differ from the golden (set {UpdateVariable}=1 to accept):\n");
        foreach (var file in files)
        {
            var want = Encoding.UTF8.GetString(expected[file]).Split('\n');
            var got = Encoding.UTF8.GetString(actual[file]).Split('\n');
            var line = Enumerable.Range(0, Math.Max(want.Length, got.Length)).First(i => i >= want.Length || i >= got.Length || want[i] != got[i]);
            text.Append($"  {file} line {line + 1}: expected '{(line < want.Length ? want[line] : "<end>")}', got '{(line < got.Length ? got[line] : "<end>")}'\n");
        }

        return text.ToString();
    }
}
