namespace MeshInfra.Cli.Stack;

/// <summary>
/// Passes text through to the YAML scanner and notes where a tab sits in a line's indentation. YamlDotNet
/// reports such a tab at the start of the value before it (often the line above), or with no position at
/// all; the error should point at the tab itself. The scanner reads a bounded distance ahead, so only the
/// most recent positions are kept.
/// </summary>
internal sealed class IndentationTabReader(TextReader inner) : TextReader
{
    private const int Kept = 256;

    private readonly List<SourcePosition> tabs = [];
    private int line = 1;
    private int column = 1;
    private bool inIndentation = true;
    private bool afterCarriageReturn;

    /// <summary>The first tab in a line's indentation at or after <paramref name="from"/>, among those read so far.</summary>
    public SourcePosition? FirstTabFrom(SourcePosition from) =>
        tabs.FirstOrDefault(t => t.Line > from.Line || (t.Line == from.Line && t.Column >= from.Column));

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        var next = inner.Read();
        if (next >= 0)
        {
            Note((char)next);
        }

        return next;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = inner.Read(buffer);
        foreach (var c in buffer[..read])
        {
            Note(c);
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Note(char c)
    {
        // A CR LF pair is one line break, as YAML counts it.
        if (c == '\n' && afterCarriageReturn)
        {
            afterCarriageReturn = false;
            return;
        }

        afterCarriageReturn = c == '\r';
        if (c is '\n' or '\r')
        {
            line++;
            column = 1;
            inIndentation = true;
            return;
        }

        if (c == '\t' && inIndentation)
        {
            if (tabs.Count == 2 * Kept)
            {
                tabs.RemoveRange(0, Kept);
            }

            tabs.Add(new SourcePosition(line, column));
        }
        else if (c != ' ')
        {
            inIndentation = false;
        }

        column++;
    }
}
