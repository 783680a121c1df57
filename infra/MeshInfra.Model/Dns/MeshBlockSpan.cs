namespace MeshInfra.Model.Dns;

/// <summary>
/// Where MeshInfra's marked block sits in a Corefile: from the start of the BEGIN marker's line to the end
/// of the END marker's text. The END line's terminator is left outside so a replacement keeps whatever
/// line ending (or missing final newline) the file had there.
/// </summary>
internal readonly record struct MeshBlockSpan(int Start, int End)
{
    public bool Contains(int offset) => offset >= Start && offset < End;
}
