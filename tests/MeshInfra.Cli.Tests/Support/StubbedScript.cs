using MeshInfra.Cli.Rendering;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// Runs a rendered apply.sh with bash against stand-ins for kubectl and helm that record their calls:
/// each call as one line (tool and arguments joined) and, for exact checks, each argument on its own
/// (separated by NUL, so no argument can pass for two). The script runs in the test's temporary folder.
/// </summary>
internal static class StubbedScript
{
    public static ScriptRun Run(TempDirectory temp, string script, string? cacertsDir) => Run(temp, script, cacertsDir, out _);

    /// <summary>As <see cref="Run(TempDirectory, string, string?)"/>, with every call's arguments exactly as the tool received them.</summary>
    public static ScriptRun Run(TempDirectory temp, string script, string? cacertsDir, out List<string[]> arguments) => Run(temp, script, cacertsDir, null, out arguments);

    /// <summary>As above, with KUBECONFIG set to <paramref name="kubeconfig"/> (unset when null), whatever the test process has.</summary>
    public static ScriptRun Run(TempDirectory temp, string script, string? cacertsDir, string? kubeconfig, out List<string[]> arguments)
    {
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        var calls = temp.Combine("calls.log");
        var argv = temp.Combine("argv.log");
        File.WriteAllText(calls, "");
        File.WriteAllText(argv, "");
        foreach (var tool in new[] { "kubectl", "helm" })
        {
            StubTools.Write(bin, tool, $"#!/usr/bin/env bash\necho \"{tool} $*\" >> \"$CALLS\"\nprintf '%s\\0' {tool} \"$@\" >> \"$ARGV\"\nprintf '\\1\\0' >> \"$ARGV\"\n");
        }

        // Unset unless given, whatever the test process has.
        var (exitCode, stderr) = StubTools.Run(script, bin, new Dictionary<string, string?>
        {
            ["CALLS"] = calls,
            ["ARGV"] = argv,
            [ApplyScript.CacertsVariable] = cacertsDir,
            ["KUBECONFIG"] = kubeconfig,
        }, temp.Path);
        arguments = File.ReadAllText(argv).Split("\u0001\0", StringSplitOptions.RemoveEmptyEntries)
            .Select(call => call.TrimEnd('\0').Split('\0'))
            .ToList();
        return new ScriptRun(exitCode, stderr, File.ReadAllLines(calls).ToList());
    }
}
