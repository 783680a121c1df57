namespace MeshInfra.Model.Dns;

/// <summary>
/// One lexical unit of a Corefile. <c>Start</c>/<c>End</c> are offsets into the original text so edits
/// splice around MeshInfra's block instead of re-rendering anything else. <c>Text</c> is what CoreDNS sees
/// for a word (quotes removed) and the raw text from <c>#</c> to the line end for a comment. <c>Depth</c>
/// counts enclosing blocks, with a brace counted at its owner's level so top-level server blocks have
/// braces at depth 0. <c>FirstOnLine</c> is what marker comments require.
/// </summary>
internal readonly record struct CorefileToken(
    CorefileTokenKind Kind,
    string Text,
    int Start,
    int End,
    int Line,
    int Depth,
    bool FirstOnLine)
{
    public bool IsOpenBrace => Kind == CorefileTokenKind.Word && Text == "{";

    public bool IsCloseBrace => Kind == CorefileTokenKind.Word && Text == "}";
}
