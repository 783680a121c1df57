using System.Globalization;

namespace MeshInfra.Model.Config;

/// <summary>
/// Checks a regex against RE2's syntax, the one Envoy compiles header matches with, not .NET's: RE2
/// has no lookaround, backreferences, atomic groups or possessive quantifiers, and refuses a
/// repetition of a repetition (<c>a**</c>) or one over 1,000. A pattern this accepts is one RE2 parses.
/// </summary>
internal sealed class Re2Syntax
{
    private const int MaxRepeat = 1000;

    private readonly string pattern;
    private int at;

    private Re2Syntax(string pattern)
    {
        this.pattern = pattern;
    }

    /// <summary>Null if RE2 accepts <paramref name="pattern"/>; else why not, and at which character (1-based).</summary>
    public static string? Problem(string pattern)
    {
        try
        {
            var parser = new Re2Syntax(pattern);
            parser.Alternation(depth: 0);
            if (parser.at < pattern.Length)
            {
                throw parser.Fail("unexpected ), no group to close");
            }

            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private bool More => at < pattern.Length;

    private char Peek => pattern[at];

    private void Alternation(int depth)
    {
        if (depth > 100)
        {
            throw Fail("groups nested more than 100 deep");
        }

        while (true)
        {
            Sequence(depth);
            if (!More || Peek != '|')
            {
                return;
            }

            at++;
        }
    }

    private void Sequence(int depth)
    {
        var canRepeat = false;
        var repeated = false;
        while (More && Peek is not ('|' or ')'))
        {
            var c = Peek;
            if (c is '*' or '+' or '?' || (c == '{' && IsRepeat(out _)))
            {
                if (!canRepeat)
                {
                    throw Fail(repeated ? $"a repetition of a repetition ('{c}' after another); RE2 has no possessive quantifiers" : $"'{c}' repeats nothing");
                }

                Repetition();
                if (More && Peek == '?')
                {
                    at++;
                }

                canRepeat = false;
                repeated = true;
                continue;
            }

            repeated = false;
            canRepeat = Atom(depth);
        }
    }

    /// <returns>Whether the atom may be repeated (anchors and flag groups may not carry a quantifier usefully, but RE2 allows it; only empty-width flags may not).</returns>
    private bool Atom(int depth)
    {
        var c = Peek;
        switch (c)
        {
            case '(':
                return Group(depth);
            case '[':
                CharClass();
                return true;
            case '\\':
                Escape(inClass: false);
                return true;
            default:
                at++;
                return true;
        }
    }

    private bool Group(int depth)
    {
        var start = at;
        at++;
        if (More && Peek == '?')
        {
            at++;
            if (!More)
            {
                throw Fail("missing ) for the group", start);
            }

            switch (Peek)
            {
                case ':':
                    at++;
                    break;
                case '=' or '!':
                    throw Fail("lookahead (?= or (?! is not RE2 syntax", start);
                case '>':
                    throw Fail("atomic groups (?> are not RE2 syntax", start);
                case '(':
                    throw Fail("conditionals (?( are not RE2 syntax", start);
                case 'P' or '<':
                    if (Peek == 'P')
                    {
                        at++;
                    }

                    if (!More || Peek != '<')
                    {
                        throw Fail("a named group is (?P<name>...) or (?<name>...)", start);
                    }

                    at++;
                    if (More && Peek is '=' or '!')
                    {
                        throw Fail("lookbehind (?<= or (?<! is not RE2 syntax", start);
                    }

                    var name = at;
                    while (More && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_'))
                    {
                        at++;
                    }

                    if (at == name || !More || Peek != '>')
                    {
                        throw Fail("a group name is letters, digits and '_', closed by '>'", start);
                    }

                    at++;
                    break;
                default:
                    // Flags: (?i) sets them for the rest of the group, (?i:...) for its content.
                    var flags = at;
                    while (More && Peek is 'i' or 'm' or 's' or 'U' or '-')
                    {
                        at++;
                    }

                    if (at == flags || !More || Peek is not (':' or ')'))
                    {
                        throw Fail("unknown group syntax after (?; RE2 knows (?:, (?P<name>, (?<name> and the flags i, m, s, U", start);
                    }

                    if (Peek == ')')
                    {
                        at++;
                        return false;
                    }

                    at++;
                    break;
            }
        }

        Alternation(depth + 1);
        if (!More)
        {
            throw Fail("missing ) for the group opened here", start);
        }

        at++;
        return true;
    }

    private void CharClass()
    {
        var start = at;
        at++;
        if (More && Peek == '^')
        {
            at++;
        }

        var first = true;
        while (More && (Peek != ']' || first))
        {
            first = false;
            if (pattern.AsSpan(at).StartsWith("[:", StringComparison.Ordinal))
            {
                var end = pattern.IndexOf(":]", at + 2, StringComparison.Ordinal);
                var name = end < 0 ? "" : pattern[(at + 2)..end].TrimStart('^');
                if (end >= 0 && name is "alnum" or "alpha" or "ascii" or "blank" or "cntrl" or "digit" or "graph" or "lower" or "print" or "punct" or "space" or "upper" or "word" or "xdigit")
                {
                    at = end + 2;
                    continue;
                }
            }

            var low = ClassChar();
            if (More && Peek == '-' && at + 1 < pattern.Length && pattern[at + 1] != ']')
            {
                var dash = at;
                at++;
                var high = ClassChar();
                if (low is null || high is null || high < low)
                {
                    throw Fail("bad character class range", dash);
                }
            }
        }

        if (!More)
        {
            throw Fail("missing ] for the character class opened here", start);
        }

        at++;
    }

    /// <returns>The character's code, or null for a class escape such as \d that is no single character.</returns>
    private int? ClassChar()
    {
        if (Peek == '\\')
        {
            return Escape(inClass: true);
        }

        var c = char.ConvertToUtf32(pattern, at);
        at += char.IsSurrogatePair(pattern, at) ? 2 : 1;
        return c;
    }

    /// <returns>The escaped character's code, or null for a class (\d, \pL) or an assertion (\b).</returns>
    private int? Escape(bool inClass)
    {
        var start = at;
        at++;
        if (!More)
        {
            throw Fail("trailing \\ at the end", start);
        }

        var c = Peek;
        at++;
        switch (c)
        {
            case 'd' or 'D' or 's' or 'S' or 'w' or 'W':
                return null;
            case 'b' or 'B' or 'A' or 'z' when !inClass:
                return null;
            case 'p' or 'P':
                if (More && Peek == '{')
                {
                    var end = pattern.IndexOf('}', at);
                    if (end < 0 || end == at + 1)
                    {
                        throw Fail("\\p{ needs a Unicode class name and }", start);
                    }

                    at = end + 1;
                }
                else if (More && char.IsAsciiLetter(Peek))
                {
                    at++;
                }
                else
                {
                    throw Fail("\\p needs a Unicode class, such as \\pL or \\p{Greek}", start);
                }

                return null;
            case 'Q' when !inClass:
                var quoteEnd = pattern.IndexOf("\\E", at, StringComparison.Ordinal);
                at = quoteEnd < 0 ? pattern.Length : quoteEnd + 2;
                return null;
            case 'x':
                return Hex(start);
            case 'a':
                return 7;
            case 'f':
                return 12;
            case 't':
                return 9;
            case 'n':
                return 10;
            case 'r':
                return 13;
            case 'v':
                return 11;
            case >= '0' and <= '7' when c == '0' || inClass:
                // RE2 reads \0, \01, \012 (and in a class \1 to \7) as octal; \1 to \9 outside a class are backreferences.
                var value = c - '0';
                for (var i = 0; i < 2 && More && Peek is >= '0' and <= '7'; i++)
                {
                    value = (value * 8) + (pattern[at++] - '0');
                }

                return value;
            case >= '1' and <= '9':
                throw Fail($"backreference \\{c} is not RE2 syntax", start);
            default:
                if (c < 0x80 && !char.IsAsciiLetterOrDigit(c))
                {
                    return c;
                }

                throw Fail($"\\{c} is not an escape RE2 knows", start);
        }
    }

    private int Hex(int start)
    {
        if (More && Peek == '{')
        {
            var end = pattern.IndexOf('}', at);
            if (end < 0 || end == at + 1 || !int.TryParse(pattern.AsSpan(at + 1, end - at - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
            {
                throw Fail("\\x{...} needs a hexadecimal code point up to 10FFFF", start);
            }

            at = end + 1;
            return code;
        }

        if (at + 2 > pattern.Length || !char.IsAsciiHexDigit(pattern[at]) || !char.IsAsciiHexDigit(pattern[at + 1]))
        {
            throw Fail("\\x needs two hexadecimal digits, or \\x{...}", start);
        }

        at += 2;
        return Convert.ToInt32(pattern.Substring(at - 2, 2), 16);
    }

    private void Repetition()
    {
        var start = at;
        if (Peek != '{')
        {
            at++;
            return;
        }

        IsRepeat(out var end);
        var body = pattern[(at + 1)..end].Split(',');
        var min = int.Parse(body[0], CultureInfo.InvariantCulture);
        var max = body.Length == 1 ? min : body[1].Length == 0 ? -1 : int.Parse(body[1], CultureInfo.InvariantCulture);
        if (min > MaxRepeat || max > MaxRepeat || (max >= 0 && max < min))
        {
            throw Fail($"bad repetition {pattern[start..(end + 1)]}: RE2 repeats at most {MaxRepeat} times, and the maximum may not be below the minimum", start);
        }

        at = end + 1;
    }

    /// <summary>Whether a '{' here starts {n}, {n,} or {n,m}; RE2 reads any other '{' as a literal.</summary>
    private bool IsRepeat(out int end)
    {
        end = pattern.IndexOf('}', at);
        if (end < 0)
        {
            return false;
        }

        var body = pattern[(at + 1)..end].Split(',');
        return body.Length is 1 or 2
            && body[0].Length is > 0 and <= 9 && body[0].All(char.IsAsciiDigit)
            && (body.Length == 1 || (body[1].Length <= 9 && body[1].All(char.IsAsciiDigit)));
    }

    private FormatException Fail(string why, int? where = null) =>
        new($"{why} (at character {((where ?? at) + 1).ToString(CultureInfo.InvariantCulture)})");
}
