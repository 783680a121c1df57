using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra validate</c>: every config error at once, or a one-line summary of a valid mesh.</summary>
public static class ValidateCommand
{
    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        var file = StackFileReader.Read(path);
        var (spec, errors) = StackLoader.Validate(file);
        if (spec is null)
        {
            foreach (var error in errors)
            {
                stderr.WriteLine(error);
            }

            stderr.WriteLine(StackLoader.InvalidSummary(path, errors.Count));
            return ExitCodes.BadInput;
        }

        // Planning and rendering (in memory) too: "valid" promises that plan and render will work.
        var plan = MeshPlanner.Plan(spec);
        MeshRenderer.Render(new LoadedStack(file, spec, plan), DeferredValueResolver.FromSetArguments(plan, []));
        stdout.WriteLine($"{path}: valid — {Words.Count(spec.Clusters.Length, "cluster")}, {Words.Count(plan.GlobalHosts.Length, "global host")}, {Words.Count(spec.Routes.Length, "route")}");
        if (!file.SecretKeys.IsEmpty)
        {
            stdout.WriteLine($"{path}: secret config present (encrypted, not needed offline): {string.Join(", ", file.SecretKeys)}");
        }

        return ExitCodes.Ok;
    }
}
