using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Passes YAML parsing events through and stops at the first collection nested deeper than a stack file
/// could need. YamlDotNet builds its tree recursively, so without this a small file of 100,000 '[' overflows
/// the stack and aborts the process, which no catch can turn into a message.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, string path) : IParser
{
    /// <summary>Far past any stack file (the mesh value allows 64), far below any thread's stack.</summary>
    public const int MaxDepth = 256;

    private int depth;

    public ParsingEvent? Current => inner.Current;

    /// <exception cref="StackFileException">A collection opens deeper than <see cref="MaxDepth"/>.</exception>
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
        }

        return true;
    }
}
