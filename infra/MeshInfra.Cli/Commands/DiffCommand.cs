using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// <c>meshinfra diff OLD NEW</c>: what changing a stack file from OLD to NEW does, resource by
/// resource and field by field, per cluster and in apply order, with no cluster and no credentials.
/// Both files are validated like <c>validate</c> does; a bad one exits 2 with its errors.
/// </summary>
public static class DiffCommand
{
    public static int Run(string oldPath, string newPath, TextWriter stdout, TextWriter stderr)
    {
        var before = StackLoader.Load(oldPath);
        var after = StackLoader.Load(newPath);
        ConfigWarnings.Write(after.File, after.Spec, stderr);

        var notes = new List<string>();
        if (UpgradeSteps.Caution(before.Spec, after.Spec) is { } caution)
        {
            notes.Add($"Caution: {caution}");
        }

        notes.AddRange(GatewayMoves.Between(before.Spec, after.Spec).Select(m => $"Gateway move: {m}"));

        if (UpgradeSteps.For(after.Plan) is { Count: > 0 } steps)
        {
            notes.Add("Istio upgrade\n" + string.Join("\n", steps.Select(s => $"  {s}")));
        }

        if (UpgradeSteps.Uninstalls(before.Plan, after.Plan) is { Count: > 0 } uninstalls)
        {
            notes.Add("Helm releases the stack no longer has (pulumi up deletes them last; apply.sh uninstalls istiod releases at its end)\n" + string.Join("\n", uninstalls.Select(u => $"  {u}")));
        }

        stdout.Write(DiffText.Write(oldPath, newPath, PlanDiff.Between(before.Plan, after.Plan), notes, ProviderChanges.Between(before.Spec, after.Spec)));
        return ExitCodes.Ok;
    }
}
