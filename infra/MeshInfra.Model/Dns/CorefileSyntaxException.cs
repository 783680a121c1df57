namespace MeshInfra.Model.Dns;

/// <summary>
/// The Corefile cannot be edited safely: its structure (braces, quotes, MeshInfra's markers) is broken,
/// so any insertion point we picked could land inside someone else's block.
/// </summary>
public sealed class CorefileSyntaxException : FormatException
{
    public CorefileSyntaxException(int line, string detail)
        : base($"Corefile line {line}: {detail}")
    {
        Line = line;
    }

    /// <summary>1-based, counting LF as CoreDNS does, so it matches CoreDNS's own error messages.</summary>
    public int Line { get; }
}
