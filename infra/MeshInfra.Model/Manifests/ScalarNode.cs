namespace MeshInfra.Model.Manifests;

/// <summary>
/// A string, integer, boolean or (for federated Istio config, e.g. a fault percentage) non-integer
/// number leaf. Other CLR types are refused so every renderer can be exhaustive.
/// </summary>
public sealed record ScalarNode : ManifestNode
{
    public ScalarNode(object value)
    {
        Value = value switch
        {
            string or long or bool => value,
            int i => (long)i,
            double d when double.IsFinite(d) => d,
            _ => throw new ArgumentException($"Unsupported scalar type {value.GetType().Name}.", nameof(value)),
        };
    }

    public object Value { get; }
}
