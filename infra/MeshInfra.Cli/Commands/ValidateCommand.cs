using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra validate</c>: every config error at once, or a one-line summary of a valid mesh.</summary>
public static class ValidateCommand
{
    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        var file = StackFileReader.Read(path);
        var (spec, plan, errors) = StackLoader.ValidateAndPlan(file);
        if (spec is null || plan is null)
        {
            foreach (var error in errors)
            {
                stderr.WriteLine(error);
            }

            stderr.WriteLine(StackLoader.InvalidSummary(file, errors.Count));
            return ExitCodes.BadInput;
        }

        ConfigWarnings.Write(file, spec, stderr);

        // Rendering (in memory) too: "valid" promises that plan and render will work.
        var stack = new LoadedStack(file, spec, plan);
        MeshRenderer.Render(stack, DeferredValueResolver.FromSetArguments(plan, []));
        stdout.WriteLine($"{path}: valid — {Words.Count(spec.Clusters.Length, "cluster")}, {Words.Count(plan.GlobalHosts.Length, "global host")}, {Words.Count(spec.Routes.Length, "route")}");
        if (!file.SecretKeys.IsEmpty)
        {
            stdout.WriteLine($"{path}: secret config present (encrypted, not needed offline): {string.Join(", ", file.SecretKeys)}");
        }

        return ExitCodes.Ok;
    }
}
