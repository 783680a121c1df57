using System.Globalization;
using System.Text;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Summary;

/// <summary>
/// A plan diff as text for review (and the pull-request comment): per scope, <c>+</c> added,
/// <c>~</c> changed with its fields, <c>-</c> removed, each with its step in the new apply order.
/// </summary>
public static class DiffText
{
    // providers: context and kubeconfig changes, shown first, since every resource of the cluster follows them.
    public static string Write(string oldPath, string newPath, PlanDiff diff, IReadOnlyList<string> notes, IReadOnlyList<string>? providers = null)
    {
        var text = new StringBuilder();
        text.Append($"meshinfra diff {oldPath} -> {newPath}\n");
        if (providers is { Count: > 0 })
        {
            text.Append("Providers changed (every resource of the cluster is deployed through its provider; a new context or kubeconfig points them at whatever cluster it names):\n");
            foreach (var line in providers)
            {
                text.Append($"  ! {line}\n");
            }
        }

        if (diff.IsEmpty && providers is not { Count: > 0 })
        {
            text.Append("No changes: both stack files plan the same resources with the same fields.\n");
        }
        else if (!diff.IsEmpty)
        {
            text.Append($"{Words.Count(diff.Count(ChangeKind.Added), "resource")} added, {diff.Count(ChangeKind.Changed)} changed, {diff.Count(ChangeKind.Removed)} removed\n");
        }

        foreach (var scope in diff.Changes.GroupBy(c => c.Id.Scope))
        {
            text.Append($"\n{(scope.Key == ResourceId.MeshScope ? "mesh (shared trust)" : $"cluster {scope.Key}")}\n");
            foreach (var change in scope)
            {
                var step = change.Step is { } n ? $"[{n.ToString(CultureInfo.InvariantCulture)}] " : "";
                text.Append($"  {Sign(change.Kind)} {step}{change.Description}  ({change.Id.Name})\n");
                foreach (var field in change.Fields)
                {
                    text.Append($"      {field.Path}: {field.Before ?? "(absent)"} -> {field.After ?? "(absent)"}\n");
                }
            }
        }

        foreach (var note in notes)
        {
            text.Append('\n').Append(note).Append('\n');
        }

        return text.ToString();
    }

    private static char Sign(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => '+',
        ChangeKind.Removed => '-',
        _ => '~',
    };
}
