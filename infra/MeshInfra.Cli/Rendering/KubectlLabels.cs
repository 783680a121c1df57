using System.Text.RegularExpressions;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The labels the kubectl layout puts on every object MeshInfra owns, so <c>apply.sh</c> can find what
/// this stack applied before and no longer renders, and never touch anything else. Objects MeshInfra only
/// patches (the <c>default</c> namespace's injection label), CoreDNS's ConfigMaps and the cacerts Secret
/// (made from the user's files) are not labelled, so they are never pruned.
/// </summary>
public static partial class KubectlLabels
{
    public const string ManagedByKey = OwnershipLabels.ManagedByKey;
    public const string ManagedBy = OwnershipLabels.ManagedBy;
    public const string StackKey = "meshinfra/stack";

    /// <summary>
    /// <c>&lt;project&gt;.&lt;stack&gt;</c>, from Pulumi.yaml and the stack file's name (<c>Pulumi.dev.yaml</c> is
    /// <c>dev</c>): two stacks, or two projects, sharing a cluster never prune each other's objects.
    /// Clipped and cleaned to a label value (63 characters of letters, digits, '-', '_', '.').
    /// </summary>
    public static string Stack(StackFile file)
    {
        var name = Path.GetFileName(file.Path);
        var stack = StackFileName().Match(name) is { Success: true } m ? m.Groups[1].Value : Path.GetFileNameWithoutExtension(name);
        var value = NotLabelText().Replace($"{file.Project}.{stack}", "-");
        value = value.Length > 63 ? value[..63] : value;
        value = value.Trim('-', '_', '.');
        return value.Length == 0 ? "stack" : value;
    }

    /// <summary>The label selector of this stack's objects, as kubectl takes it.</summary>
    public static string Selector(StackFile file) => $"{ManagedByKey}={ManagedBy},{StackKey}={Stack(file)}";

    /// <summary>The object with MeshInfra's labels, unless it is a patch of an object MeshInfra does not own.</summary>
    public static PlannedObject Label(PlannedObject planned, StackFile file) => planned.IsPatch
        ? planned
        : planned with { Object = planned.Object with { Metadata = planned.Object.Metadata.WithLabel(ManagedByKey, ManagedBy).WithLabel(StackKey, Stack(file)) } };

    [GeneratedRegex(@"^Pulumi\.(.+)\.ya?ml$")]
    private static partial Regex StackFileName();

    [GeneratedRegex(@"[^A-Za-z0-9._-]")]
    private static partial Regex NotLabelText();
}
