using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra plan</c>: the plan summary for review.</summary>
public static class PlanCommand
{
    public static int Run(string path, TextWriter stdout)
    {
        stdout.Write(PlanSummary.Write(StackLoader.Load(path)));
        return ExitCodes.Ok;
    }
}
