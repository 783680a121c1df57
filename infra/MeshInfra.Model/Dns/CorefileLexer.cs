using System.Collections.Immutable;
using System.Text;

namespace MeshInfra.Model.Dns;

/// <summary>
/// Splits a Corefile the way CoreDNS's Caddyfile lexer does, plus the brace nesting its parser enforces.
/// Mirroring CoreDNS (rather than a looser "looks like a block" heuristic) is what keeps a <c>{</c> in a
/// comment or a quoted argument from shifting where MeshInfra's block lands.
/// </summary>
internal static class CorefileLexer
{
    public static ImmutableArray<CorefileToken> Tokenize(string text)
    {
        var tokens = ImmutableArray.CreateBuilder<CorefileToken>();
        var openBraceLines = new Stack<int>();
        var line = 1;
        var lineHasToken = false;
        var i = 0;

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineHasToken = false;
                i++;
                continue;
            }

            // CoreDNS uses unicode.IsSpace, which also swallows the CR of CRLF input.
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            var startLine = line;
            CorefileTokenKind kind;
            string value;

            if (c == '#')
            {
                kind = CorefileTokenKind.Comment;
                i = SkipToLineEnd(text, i);
                value = text[start..i];
            }
            else if (c == '"')
            {
                kind = CorefileTokenKind.Word;
                (value, i, line) = ReadQuoted(text, i, line);
            }
            else
            {
                kind = CorefileTokenKind.Word;
                // CoreDNS starts a comment at any '#' outside quotes, even mid-word ("foo#bar" is "foo").
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '#')
                {
                    i++;
                }

                value = text[start..i];
            }

            // CoreDNS's parser compares the unquoted text, so even a quoted "{" opens a block; do the same.
            var depth = openBraceLines.Count;
            if (kind == CorefileTokenKind.Word && value == "{")
            {
                openBraceLines.Push(startLine);
            }
            else if (kind == CorefileTokenKind.Word && value == "}")
            {
                if (openBraceLines.Count == 0)
                {
                    throw new CorefileSyntaxException(startLine, "'}' has no matching '{'.");
                }

                openBraceLines.Pop();
                depth = openBraceLines.Count;
            }

            tokens.Add(new CorefileToken(kind, value, start, i, startLine, depth, !lineHasToken));
            lineHasToken = true;
        }

        if (openBraceLines.Count > 0)
        {
            // The innermost unclosed brace is where the missing '}' most likely belongs.
            throw new CorefileSyntaxException(openBraceLines.Peek(), "'{' is never closed; add the matching '}'.");
        }

        return tokens.ToImmutable();
    }

    private static int SkipToLineEnd(string text, int i)
    {
        var newline = text.IndexOf('\n', i);
        return newline < 0 ? text.Length : newline;
    }

    private static (string Value, int End, int Line) ReadQuoted(string text, int start, int line)
    {
        var startLine = line;
        var value = new StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                return (value.ToString(), i + 1, line);
            }

            // CoreDNS only unescapes \" ; any other backslash pair is kept literally but still consumed as a pair.
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (next != '"')
                {
                    value.Append('\\');
                }

                value.Append(next);
                if (next == '\n')
                {
                    line++;
                }

                i += 2;
                continue;
            }

            if (c == '\n')
            {
                line++;
            }

            value.Append(c);
            i++;
        }

        // CoreDNS would accept this as a token running to the end of the file, swallowing every brace after it;
        // refusing is the only way not to guess where the author meant the string to stop.
        throw new CorefileSyntaxException(startLine, "quoted string is never closed.");
    }
}
