using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Passes YAML parsing events through and stops at the first collection nested deeper than a stack file
/// could need, the first value longer than <see cref="InputLimits.ValueChars"/>, or an alias to no anchor. YamlDotNet builds its
/// tree recursively, so without the depth limit a small file of 100,000 '[' overflows the stack and
/// aborts the process, which no catch can turn into a message.
/// </summary>
internal sealed class BoundedParser(IParser inner, string path) : IParser
{
    /// <summary>Far past any stack file (the mesh value allows 64), far below any thread's stack.</summary>
    public const int MaxDepth = 256;

    private readonly HashSet<string> anchors = new(StringComparer.Ordinal);
    private int depth;

    public ParsingEvent? Current => inner.Current;

    /// <exception cref="StackFileException">A collection opens deeper than <see cref="MaxDepth"/>, or a value is too long.</exception>
    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++depth > MaxDepth:
                throw new StackFileException($"{path}:{inner.Current.Start.Line}:{inner.Current.Start.Column}: YAML nested more than {MaxDepth} levels deep; a stack file needs a handful");
            case MappingEnd or SequenceEnd:
                depth--;
                break;
            case Scalar scalar when scalar.Value.Length > InputLimits.ValueChars:
                throw new StackFileException($"{path}:{scalar.Start.Line}:{scalar.Start.Column}: a value of {scalar.Value.Length.ToString("N0", CultureInfo.InvariantCulture)} characters; a value in a stack file is at most {InputLimits.ValueChars.ToString("N0", CultureInfo.InvariantCulture)} (64 KiB)");
            case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                // YamlDotNet finds this only when the document ends, and then without a position.
                throw new StackFileException($"{path}:{alias.Start.Line}:{alias.Start.Column}: malformed YAML: the alias *{alias.Value.Value} names no anchor; define &{alias.Value.Value} on a value above it");
        }

        if (inner.Current is NodeEvent { Anchor.IsEmpty: false } node)
        {
            anchors.Add(node.Anchor.Value);
        }

        return true;
    }
}
