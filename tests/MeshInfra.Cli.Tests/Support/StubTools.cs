using System.Diagnostics;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// The one way tests stand in for kubectl and helm: executable bash files in a bin folder put first on
/// PATH, and a rendered script run with bash against them. Each test writes only what its stand-ins do.
/// </summary>
internal static class StubTools
{
    /// <summary>Writes an executable stand-in <paramref name="name"/> into <paramref name="bin"/> running <paramref name="script"/> (a whole bash file).</summary>
    public static void Write(string bin, string name, string script)
    {
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, script);
        // Found on PATH only when executable; Windows has no such bit (and no bash to run).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> with bash, <paramref name="path"/> before the inherited PATH, and each
    /// environment entry set (a null value removes the variable); its exit code and standard error.
    /// </summary>
    public static (int ExitCode, string Stderr) Run(string script, string path, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.Environment["PATH"] = path + ":" + Environment.GetEnvironmentVariable("PATH");
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }
}
