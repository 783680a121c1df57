using System.Diagnostics;
using System.Text;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// Runs the built CLI (meshinfra.dll, copied next to the test assembly by the project reference) as its own
/// process. Each process hashes strings with its own random seed, so comparing runs across processes
/// catches output that depends on hash order, which runs inside one process would all share.
/// </summary>
internal static class MeshinfraProcess
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "meshinfra.dll");

    public static string Host => DotnetHost();

    public static CliResult Run(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["exec", Dll, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"meshinfra {string.Join(' ', args)} did not finish within a minute.");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH for its children), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
