namespace MeshInfra.Model.Manifests;

/// <summary>A string, integer or boolean leaf. Other CLR types are refused so every renderer can be exhaustive.</summary>
public sealed record ScalarNode : ManifestNode
{
    public ScalarNode(object value)
    {
        Value = value switch
        {
            string or long or bool => value,
            int i => (long)i,
            _ => throw new ArgumentException($"Unsupported scalar type {value.GetType().Name}.", nameof(value)),
        };
    }

    public object Value { get; }
}
