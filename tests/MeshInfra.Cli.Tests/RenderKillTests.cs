using System.Diagnostics;
using System.Text;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Tests.Robustness;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>A render killed while it writes leaves the previous render as it was.</summary>
public sealed class RenderKillTests
{
    /// <summary>A stack big enough (thousands of files) that its render takes a while to write.</summary>
    private static string BigStack(int clusters, int services)
    {
        var text = new StringBuilder("config:\n  mesh-infra:mesh:\n    meshId: big\n    clusters:\n");
        for (var c = 1; c <= clusters; c++)
        {
            text.Append($"      - name: c{c}\n        context: ctx-c{c}\n        network: net{c}\n");
        }

        text.Append("    services:\n");
        for (var s = 0; s < services; s++)
        {
            text.Append($"      - name: s{s}\n        namespace: ns{s % 10}\n        ports: [{{ name: http, number: 8080, protocol: HTTP }}]\n        versions:\n          v1: [c{(s % clusters) + 1}]\n");
        }

        return text.ToString();
    }

    [Fact]
    public void KillDuringTheWriteLeavesThePreviousRenderByteForByte()
    {
        using var temp = new TempDirectory();
        var outDir = temp.Combine("out");
        CliRunner.Ok("render", Repo.DevStack, "--out", outDir);
        var before = RenderedTree.All(outDir);
        var big = temp.File("Pulumi.big.yaml", BigStack(clusters: 12, services: 400));
        var staged = Path.Combine(outDir, RenderSwap.NewFolder);

        var start = new ProcessStartInfo(MeshinfraProcess.Host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["exec", MeshinfraProcess.Dll, "render", big, "--out", outDir])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        // Kill it once it is writing: the staged render exists and holds some files but not its manifest.
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(1)
            && !(Directory.Exists(staged) && Directory.EnumerateFiles(staged, "*.yaml", SearchOption.AllDirectories).Take(50).Count() == 50))
        {
            Thread.Sleep(1);
        }

        Assert.False(process.HasExited, "the render finished before it could be killed; make BigStack bigger");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();

        Assert.False(File.Exists(Path.Combine(staged, RenderManifest.FileName)), "killed after the write had finished");
        // Left behind besides: the killed render's work folder and its (now unlocked) lock file.
        Assert.Equal(before, RenderedTree.All(outDir).Where(f => !f.Key.StartsWith(RenderSwap.NewFolder + "/", StringComparison.Ordinal) && f.Key != RenderLock.FileName).ToDictionary());

        // The next render clears the killed one's work folder and goes ahead.
        CliRunner.Ok("render", Repo.DevStack, "--out", outDir);
        Assert.Equal(before, RenderedTree.All(outDir));
    }
}
