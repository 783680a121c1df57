namespace MeshInfra.Schemas;

/// <summary>The JSON types a schema admits; <see cref="Any"/> when it says nothing.</summary>
[Flags]
internal enum SchemaTypes
{
    Any = 0,
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Object = 16,
    Array = 32,
}
