using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra plan</c>: the plan summary for review.</summary>
public static class PlanCommand
{
    public static int Run(string path, IReadOnlyList<string> clusters, IReadOnlyList<string> hosts, bool summary, TextWriter stdout, TextWriter stderr)
    {
        var stack = StackLoader.Load(path);
        var filter = PlanFilter.From(stack.Plan, clusters, hosts);
        ConfigWarnings.Write(stack.File, stack.Spec, stderr);
        RootExpiries.WriteWarnings(stack, stderr);
        stdout.Write(summary ? PlanOverview.Write(stack, filter) : PlanSummary.Write(stack, filter));
        return ExitCodes.Ok;
    }
}
