namespace MeshInfra.Model.Dns;

internal enum CorefileTokenKind
{
    Word,
    Comment,
}
