using System.Buffers;
using System.Text;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Checks a stack file's bytes, as they are read, for what YAML text cannot hold: bytes that are not
/// UTF-8 (a Latin-1 'é'), and control characters (NUL, and every C0/C1 control but tab, line feed,
/// carriage return and NEL). The first one found is the error, at its line and column.
/// </summary>
internal sealed class TextChecker(string path)
{
    // Printable ASCII plus tab, LF and CR: skipped in bulk, since nearly every byte of a stack file is one.
    private static readonly SearchValues<byte> Plain = SearchValues.Create([(byte)'\t', (byte)'\n', (byte)'\r', .. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b)]);

    private int position;

    /// <param name="bytes">The file's bytes read so far; those before the last call's stop are not checked again.</param>
    /// <param name="length">How many of <paramref name="bytes"/> are read.</param>
    /// <param name="final">No more bytes will come: a character cut off at the end is an error, not one to wait for.</param>
    /// <exception cref="StackFileException">At the first byte that is not UTF-8 or is a forbidden control.</exception>
    public void Check(byte[] bytes, int length, bool final)
    {
        var text = bytes.AsSpan(0, length);
        while (position < length)
        {
            var next = text[position..].IndexOfAnyExcept(Plain);
            if (next < 0)
            {
                position = length;
                return;
            }

            position += next;
            var status = Rune.DecodeFromUtf8(text[position..], out var rune, out var consumed);
            if (status == OperationStatus.NeedMoreData && !final)
            {
                return;
            }

            if (status != OperationStatus.Done)
            {
                throw new StackFileException($"{path}:{Where(text, position)}: is not UTF-8 (byte 0x{text[position]:X2} here is not part of a UTF-8 character, e.g. Latin-1 text); Pulumi reads stack files as UTF-8, so save the file as UTF-8");
            }

            if (IsForbidden(rune))
            {
                var name = rune.Value == 0 ? " (NUL)" : "";
                throw new StackFileException($"{path}:{Where(text, position)}: holds the control character U+{rune.Value:X4}{name}, which YAML does not allow; a stack file is UTF-8 text");
            }

            position += consumed;
        }
    }

    private static bool IsForbidden(Rune rune) =>
        rune.Value is < 0x20 and not ('\t' or '\n' or '\r') or 0x7F or (>= 0x80 and <= 0x9F and not 0x85) or 0xFFFE or 0xFFFF;

    /// <summary>The 1-based line and column (in UTF-16 characters, as the YAML parser counts) of a byte offset.</summary>
    private static SourcePosition Where(ReadOnlySpan<byte> text, int offset)
    {
        var before = text[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new SourcePosition(before.Count((byte)'\n') + 1, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
