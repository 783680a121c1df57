using System.Collections.Immutable;

namespace MeshInfra.Model.Dns;

/// <summary>
/// The comment lines that fence MeshInfra's server block. They carry the domain so two meshes (or a renamed
/// globalDomain mid-migration) can each own a block in the same Corefile without touching the other's.
/// </summary>
internal static class MeshMarkers
{
    public static string Begin(string domain) => $"# BEGIN meshinfra {domain}";

    public static string End(string domain) => $"# END meshinfra {domain}";

    /// <summary>Null when the Corefile has no block for <paramref name="domain"/>; throws when the markers are damaged.</summary>
    public static MeshBlockSpan? Find(string text, ImmutableArray<CorefileToken> tokens, string domain)
    {
        var begin = Begin(domain);
        var end = End(domain);
        CorefileToken? open = null;
        MeshBlockSpan? found = null;
        var foundLine = 0;

        foreach (var token in tokens)
        {
            if (token.Kind != CorefileTokenKind.Comment)
            {
                continue;
            }

            // Trailing blanks and the CR of CRLF are not part of the marker, only of how the file was saved.
            var comment = token.Text.TrimEnd();
            var isBegin = comment == begin;
            if (!isBegin && comment != end)
            {
                continue;
            }

            if (token.Depth != 0 || !token.FirstOnLine)
            {
                throw new CorefileSyntaxException(
                    token.Line,
                    $"'{comment}' must stand on its own line outside every block; move it, or delete MeshInfra's block by hand.");
            }

            if (isBegin)
            {
                if (open is { } unclosed)
                {
                    throw new CorefileSyntaxException(
                        unclosed.Line, $"'{begin}' is followed by another '{begin}' before '{end}'; delete the damaged copy by hand.");
                }

                open = token;
                continue;
            }

            if (open is not { } opening)
            {
                throw new CorefileSyntaxException(token.Line, $"'{end}' has no '{begin}' before it; delete it or restore the begin marker.");
            }

            if (found is not null)
            {
                throw new CorefileSyntaxException(
                    opening.Line, $"MeshInfra's block for '{domain}' appears twice (lines {foundLine} and {opening.Line}); delete one copy by hand.");
            }

            found = new MeshBlockSpan(LineStart(text, opening.Start), TextEnd(text, token));
            foundLine = opening.Line;
            open = null;
        }

        if (open is { } dangling)
        {
            throw new CorefileSyntaxException(dangling.Line, $"'{begin}' has no '{end}' after it; restore the end marker or delete MeshInfra's block by hand.");
        }

        return found;
    }

    // The marker is first on its line, so everything between the line start and the '#' is indentation.
    private static int LineStart(string text, int offset)
    {
        while (offset > 0 && text[offset - 1] != '\n')
        {
            offset--;
        }

        return offset;
    }

    private static int TextEnd(string text, CorefileToken comment) =>
        comment.End > comment.Start && text[comment.End - 1] == '\r' ? comment.End - 1 : comment.End;
}
