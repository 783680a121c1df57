using MeshInfra.Cli.Stack;
using MeshInfra.Model.Config;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// Warnings from the config (a chart source or hub Istio is retiring) go to stderr, one per line
/// and located like errors, and never change the exit code: the stack still deploys today.
/// </summary>
public static class ConfigWarnings
{
    public static void Write(StackFile file, MeshSpec spec, TextWriter stderr)
    {
        foreach (var warning in spec.Warnings)
        {
            stderr.WriteLine($"{file.Locate(warning)}: warning: {warning}");
        }
    }
}
