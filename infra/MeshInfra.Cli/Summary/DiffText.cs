using System.Globalization;
using System.Text;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Summary;

/// <summary>
/// A plan diff as text for review (and the pull-request comment): per scope, <c>+</c> added,
/// <c>~</c> changed with its fields (each <c>+</c>, <c>-</c> or <c>~</c> in turn), <c>-</c> removed, each with
/// its step in the new apply order.
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
            text.Append($"{Words.Count(diff.Count(ChangeKind.Added), "resource")} added, {diff.Count(ChangeKind.Changed)} changed, {diff.Count(ChangeKind.Removed)} removed{(diff.Count(ChangeKind.Patched) is > 0 and var p ? $", {Words.Count(p, "existing object")} patched" : "")}\n");
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
                    text.Append("      ").Append(Field(field)).Append(field.Note is { } note ? $"   ({note})" : "").Append('\n');
                }
            }
        }

        foreach (var (cluster, effects) in diff.RemovedClusters)
        {
            text.Append($"\nCluster {cluster} leaves the mesh\n");
            WriteRemoval(text, effects);
        }

        foreach (var note in notes)
        {
            text.Append('\n').Append(note).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// One field: <c>+ path: value</c> added, <c>- path: value</c> removed, <c>~ path: before -> after</c>
    /// changed. A list item compared by identity is added or removed whole, on one line.
    /// </summary>
    private static string Field(FieldChange field) => (field.Before, field.After) switch
    {
        (null, { } added) => $"+ {field.Path}: {added}",
        ({ } removed, null) => $"- {field.Path}: {removed}",
        var (before, after) => $"~ {field.Path}: {before} -> {after}",
    };

    /// <summary>What a removal deletes and what it keeps, one line each, as <c>plan</c> prints it too.</summary>
    public static void WriteRemoval(StringBuilder text, RemovalEffects effects)
    {
        foreach (var deleted in effects.Deletes)
        {
            text.Append($"  deletes {deleted}\n");
        }

        foreach (var kept in effects.Keeps)
        {
            text.Append($"  keeps {kept}\n");
        }
    }

    private static char Sign(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => '+',
        ChangeKind.Removed => '-',
        ChangeKind.Patched => '~',
        _ => '~',
    };
}
