using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;
using MeshInfra.Model;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Trust;

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

        // A rotation moves one phase per deploy: the previous file is the deployed state.
        if (RotationStep.Refusals(before.Spec.Trust, after.Spec.Trust) is { Count: > 0 } refusals)
        {
            throw new InputException([.. refusals.Select(e => $"{after.File.Locate(e.Path)}: {e}")]);
        }

        var notes = new List<string>();
        if (UpgradeSteps.Caution(before.Spec, after.Spec) is { } caution)
        {
            notes.Add($"Caution: {caution}");
        }

        notes.AddRange(GatewayMoves.Between(before.Spec, after.Spec).Select(m => $"Gateway move: {m}"));

        if (RotationText.Describe(after.Plan) is { Count: > 0 } rotation)
        {
            notes.Add(string.Join("\n", rotation));
        }

        if (UpgradeSteps.For(after.Plan) is { Count: > 0 } steps)
        {
            notes.Add("Istio upgrade\n" + string.Join("\n", steps.Select(s => $"  {s}")));
        }

        if (UpgradeSteps.Uninstalls(before.Plan, after.Plan) is { Count: > 0 } uninstalls)
        {
            notes.Add($"Helm releases the stack no longer has (pulumi up deletes them last; apply.sh uninstalls them at its end, an old east-west gateway once no other cluster dials it, and {ReleaseMarker.Rule}: one without it is left in place, with a line saying so)\n" + string.Join("\n", uninstalls.Select(u => $"  {u}")));
        }

        if (ReleaseRemovals.NotFoundByKubectl(before.Plan, after.Plan) is { Count: > 0 } byHand)
        {
            // apply.sh looks for releases only under MeshInfra's names in MeshInfra's namespaces (istio-system, the gateway's own).
            notes.Add("apply.sh does not look where these run (a namespace the stack named itself): with the kubectl layout, uninstall them by hand once every cluster ran its new apply.sh\n"
                + string.Join("\n", byHand.Select(r => $"  {r.Id.Scope}: helm uninstall {ShellWords.Quote(r.ReleaseName)} --namespace {ShellWords.Quote(r.Namespace)} --kube-context {ShellWords.Quote(after.Spec.Cluster(r.Id.Scope).Context)}")));
        }

        stdout.Write(DiffText.Write(oldPath, newPath, PlanDiff.Between(before.Plan, after.Plan), notes, ProviderChanges.Between(before.Spec, after.Spec)));
        return ExitCodes.Ok;
    }
}
