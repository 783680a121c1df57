using System.Text;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// Breaks a stack file below the tree, as text and bytes: what a bad merge, a wrong editor setting, a
/// truncated download or a binary paste does. Each call says what it did.
/// </summary>
internal static class TextCorruptor
{
    private static readonly Func<byte[], SplitMix, (byte[], string)>[] Corruptions =
    [
        Truncate, DeleteRange, InsertText, TabIndent, Reindent, DuplicateLine, SwapLines, Garbage, InvalidUtf8, ByteOrderMark,
        CrLf, LoneCr, DeepFlow, LongLine, RemoveColonSpace,
    ];

    /// <summary>Things to drop into the middle of a file: unbalanced brackets and quotes, YAML syntax out of place, NULs.</summary>
    private static readonly string[] Fragments =
    [
        "[", "]", "{", "}", "\"", "'", ": ", " :", "- ", "? ", "&a ", "*nope", "!!binary ", "!<tag:x> ", "|", ">", "#", "%YAML 1.3\n", "%TAG ! tag:x,2025:\n",
        "\n---\n", "\n...\n", "\0", "\t", "\"\\q\"", "\"\\uD800\"", "<<: *nope\n", "@", "`", "\u0085", "\u2028", "\ufeff",
    ];

    public static (byte[] Bytes, string What) Corrupt(byte[] bytes, SplitMix random) => random.Pick(Corruptions)(bytes, random);

    private static (byte[], string) Truncate(byte[] bytes, SplitMix random)
    {
        var length = 1 + random.Next(Math.Max(1, bytes.Length - 1));
        return (bytes[..length], $"truncated to {length} bytes");
    }

    private static (byte[], string) DeleteRange(byte[] bytes, SplitMix random)
    {
        var at = random.Next(bytes.Length);
        var count = Math.Min(bytes.Length - at, 1 + random.Next(40));
        return ([.. bytes[..at], .. bytes[(at + count)..]], $"deleted {count} bytes at {at}");
    }

    private static (byte[], string) InsertText(byte[] bytes, SplitMix random)
    {
        var fragment = random.Pick(Fragments);
        var at = random.Next(bytes.Length + 1);
        return ([.. bytes[..at], .. Encoding.UTF8.GetBytes(fragment), .. bytes[at..]], $"inserted {Escape(fragment)} at {at}");
    }

    private static (byte[], string) TabIndent(byte[] bytes, SplitMix random) =>
        EditLine(bytes, random, "tab-indented", line => "\t" + line.TrimStart(' '));

    private static (byte[], string) Reindent(byte[] bytes, SplitMix random)
    {
        var shift = random.Pick([-3, -2, -1, 1, 2, 3]);
        return EditLine(bytes, random, $"indented by {shift}", line => shift > 0 ? new string(' ', shift) + line : line[Math.Min(-shift, line.Length - line.TrimStart(' ').Length)..]);
    }

    private static (byte[], string) DuplicateLine(byte[] bytes, SplitMix random)
    {
        var lines = Lines(bytes);
        var at = random.Next(lines.Count);
        lines.Insert(at, lines[at]);
        return (Join(lines), $"line {at + 1} repeated (a duplicate key or item)");
    }

    private static (byte[], string) SwapLines(byte[] bytes, SplitMix random)
    {
        var lines = Lines(bytes);
        var (a, b) = (random.Next(lines.Count), random.Next(lines.Count));
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return (Join(lines), $"lines {a + 1} and {b + 1} swapped");
    }

    private static (byte[], string) Garbage(byte[] bytes, SplitMix random)
    {
        var garbage = new byte[1 + random.Next(64)];
        for (var i = 0; i < garbage.Length; i++)
        {
            garbage[i] = (byte)random.Next(256);
        }

        var at = random.Next(bytes.Length + 1);
        return ([.. bytes[..at], .. garbage, .. bytes[at..]], $"{garbage.Length} random bytes at {at}");
    }

    private static (byte[], string) InvalidUtf8(byte[] bytes, SplitMix random)
    {
        // A lone continuation byte, a truncated sequence, an encoded surrogate, an overlong NUL, a byte UTF-8 never uses.
        byte[] sequence = random.Pick<byte[]>([[0x80], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xFF]]);
        var at = random.Next(bytes.Length + 1);
        return ([.. bytes[..at], .. sequence, .. bytes[at..]], $"invalid UTF-8 {Convert.ToHexString(sequence)} at {at}");
    }

    private static (byte[], string) ByteOrderMark(byte[] bytes, SplitMix random)
    {
        var at = random.Chance(50) ? 0 : random.Next(bytes.Length + 1);
        return ([.. bytes[..at], 0xEF, 0xBB, 0xBF, .. bytes[at..]], $"byte order mark at {at}");
    }

    private static (byte[], string) CrLf(byte[] bytes, SplitMix random) =>
        (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\n", "\r\n", StringComparison.Ordinal)), "CRLF line endings");

    private static (byte[], string) LoneCr(byte[] bytes, SplitMix random) =>
        (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\n", "\r", StringComparison.Ordinal)), "CR line endings");

    private static (byte[], string) DeepFlow(byte[] bytes, SplitMix random)
    {
        // 100,000 levels overflowed the stack in YamlDotNet's recursive loader until the reader capped the depth.
        var depth = random.Pick([100, 1000, 100_000]);
        var closed = random.Chance(50);
        var flow = new string('[', depth) + (closed ? new string(']', depth) : "");
        return EditLine(bytes, random, $"value replaced by {depth} {(closed ? "nested" : "unclosed")} '['", line => line.Contains(':', StringComparison.Ordinal) ? line[..(line.IndexOf(':', StringComparison.Ordinal) + 1)] + " " + flow : flow);
    }

    private static (byte[], string) LongLine(byte[] bytes, SplitMix random) =>
        EditLine(bytes, random, "100,000 characters appended", line => line + new string('x', 100_000));

    private static (byte[], string) RemoveColonSpace(byte[] bytes, SplitMix random) =>
        EditLine(bytes, random, "': ' made ':'", line => line.Replace(": ", ":", StringComparison.Ordinal));

    private static (byte[], string) EditLine(byte[] bytes, SplitMix random, string what, Func<string, string> edit)
    {
        var lines = Lines(bytes);
        var at = random.Next(lines.Count);
        lines[at] = edit(lines[at]);
        return (Join(lines), $"line {at + 1} {what}");
    }

    private static List<string> Lines(byte[] bytes) => [.. Encoding.UTF8.GetString(bytes).Split('\n')];

    private static byte[] Join(List<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines));

    private static string Escape(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
