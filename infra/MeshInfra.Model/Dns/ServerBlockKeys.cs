using System.Collections.Immutable;

namespace MeshInfra.Model.Dns;

/// <summary>
/// Reads the keys (zones) of top-level server blocks, the way CoreDNS's parser collects them: the words
/// before a top-level <c>{</c> on its line, plus earlier lines joined by a trailing comma.
/// </summary>
internal static class ServerBlockKeys
{
    /// <summary>The first top-level block outside <paramref name="ours"/> that serves <c>domain:53</c> over plain DNS.</summary>
    public static (string Key, int Line)? FindServing(ImmutableArray<CorefileToken> tokens, string domain, MeshBlockSpan? ours)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            var brace = tokens[i];
            if (!brace.IsOpenBrace || brace.Depth != 0 || (ours is { } span && span.Contains(brace.Start)))
            {
                continue;
            }

            foreach (var key in KeysBefore(tokens, i))
            {
                foreach (var part in key.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (ServesZone(part, domain))
                    {
                        return (part, brace.Line);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True for the spellings CoreDNS normalises to <c>dns://domain.:53</c>. Other transports (tls://, grpc://,
    /// https://, quic://) and other ports are separate listeners, so they coexist with MeshInfra's block.
    /// </summary>
    public static bool ServesZone(string key, string domain)
    {
        var rest = key;
        const string dnsScheme = "dns://";
        if (rest.StartsWith(dnsScheme, StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[dnsScheme.Length..];
        }
        else if (rest.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            if (rest[(colon + 1)..] != "53")
            {
                return false;
            }

            rest = rest[..colon];
        }

        if (rest.EndsWith('.'))
        {
            rest = rest[..^1];
        }

        return string.Equals(rest, domain, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> KeysBefore(ImmutableArray<CorefileToken> tokens, int braceIndex)
    {
        var keys = new List<string>();
        var line = tokens[braceIndex].Line;
        var j = braceIndex - 1;
        while (true)
        {
            // Comments cannot sit between keys and '{' on one line (they run to the line end), but they can
            // separate comma-continued lines, and CoreDNS's lexer drops them; so skip them here too.
            while (j >= 0 && tokens[j].Kind == CorefileTokenKind.Comment)
            {
                j--;
            }

            if (j < 0 || tokens[j].Depth != 0 || tokens[j].IsCloseBrace || tokens[j].IsOpenBrace)
            {
                break;
            }

            if (tokens[j].Line != line)
            {
                // A new line only continues the keys when the previous one ended with a comma.
                if (!tokens[j].Text.EndsWith(','))
                {
                    break;
                }

                line = tokens[j].Line;
            }

            keys.Add(tokens[j].Text);
            j--;
        }

        return keys;
    }
}
