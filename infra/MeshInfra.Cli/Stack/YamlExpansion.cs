using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Counts what one YAML file expands into as it is walked, every key of it (the mesh's, another
/// project's) and every merge key, so that aliases of aliases (ten levels of ten <c>*a</c> expand 12
/// lines into 10^10 values) stop at the limit while expanding, not after. YamlDotNet shares an aliased
/// node instead of copying it, so the tree it loads stays small; only a walk of it multiplies, and every
/// walk counts here.
/// </summary>
public sealed class YamlExpansion(string file)
{
    private int nodes;
    private long chars;

    /// <summary>The file's name, as every error shows it.</summary>
    public string File { get; } = file;

    /// <summary>Counts one value reached while walking; <paramref name="path"/> is where the walk is.</summary>
    /// <exception cref="StackFileException">The file has expanded past <see cref="InputLimits.ExpandedNodes"/> values.</exception>
    public void Count(YamlNode node, string path)
    {
        if (++nodes > InputLimits.ExpandedNodes)
        {
            throw Fail(node, $"{path}: the file expands (through YAML aliases or merge keys) into more than {InputLimits.ExpandedNodes.ToString("N0", CultureInfo.InvariantCulture)} values, the limit for a stack file (a 100-cluster, 1,000-service mesh is about 12,500); write the values out or alias less");
        }
    }

    /// <summary>Counts the text of one scalar reached while walking: a short value aliased many times is bounded too.</summary>
    /// <exception cref="StackFileException">The file has expanded past <see cref="InputLimits.ExpandedChars"/> characters.</exception>
    public void CountText(YamlScalarNode scalar, string path)
    {
        chars += scalar.Value?.Length ?? 0;
        if (chars > InputLimits.ExpandedChars)
        {
            throw Fail(scalar, $"{path}: the mesh expands (through aliases) into more than {InputLimits.ExpandedChars / (1024 * 1024)} MiB of text, the most a stack file may hold");
        }
    }

    public StackFileException Fail(YamlNode node, string message) =>
        new($"{File}:{YamlJson.PositionOf(node)}: {message}");
}
