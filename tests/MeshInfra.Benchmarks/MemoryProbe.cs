using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;

namespace MeshInfra.Benchmarks;

/// <summary>
/// Peak memory needs a process of its own: the peak working set never goes down, so in the main
/// process it would carry the timing runs' high-water mark. The main process starts itself again
/// with <see cref="Flag"/> once per mesh size; the child renders once, as <c>meshinfra render</c>
/// does in memory (writing the files adds no memory: it streams each string out), and prints its
/// figures on one line.
/// </summary>
internal static class MemoryProbe
{
    public const string Flag = "--memory-probe";

    public static MemoryFigures Measure(string stackPath)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under `dotnet run` this is the app host; started as `dotnet MeshInfra.Benchmarks.dll`, name the dll.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add(Flag);
        start.ArgumentList.Add(stackPath);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The memory probe for {stackPath} exited with {child.ExitCode}: {output}");
        }

        var numbers = output.Trim().Split(' ').Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        return new MemoryFigures(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    /// <summary>The child's side: one render of the stack file, then the figures on stdout.</summary>
    public static int Run(string stackPath)
    {
        using var self = Process.GetCurrentProcess();
        var startWorkingSet = self.WorkingSet64;

        var stack = StackLoader.Load(stackPath);
        var values = DeferredValueResolver.FromSetArguments(stack.Plan, []);
        var files = MeshRenderer.Render(stack, values);
        self.Refresh();
        var peakAfterRender = self.PeakWorkingSet64;

        var yamlBytes = files.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Content));
        var live = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(stack);
        GC.KeepAlive(files);
        Console.WriteLine(string.Join(' ', new[] { startWorkingSet, peakAfterRender, live, yamlBytes }.Select(n => n.ToString(CultureInfo.InvariantCulture))));
        return 0;
    }
}
