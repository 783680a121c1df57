namespace MeshInfra.Cli.Stack;

/// <summary>
/// Key paths in the model's spelling (<c>mesh.clusters[1].network</c>, <c>mesh.labels["a/b"]</c>), so a
/// position recorded while reading YAML can be found again from a <see cref="Model.Config.ConfigError"/>.
/// </summary>
public static class ConfigPath
{
    /// <summary>The model's own spelling (<see cref="Model.Config.ConfigKeyPath"/>), so positions are found for any key.</summary>
    public static string Join(string path, string key) => Model.Config.ConfigKeyPath.Join(path, key);

    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>The enclosing path (<c>mesh.clusters[1]</c> for <c>mesh.clusters[1].network</c>), or null at the top.</summary>
    public static string? Parent(string path)
    {
        int cut;
        if (path.EndsWith("\"]", StringComparison.Ordinal))
        {
            cut = path.LastIndexOf("[\"", StringComparison.Ordinal);
        }
        else if (path.EndsWith(']'))
        {
            cut = path.LastIndexOf('[');
        }
        else
        {
            cut = path.LastIndexOf('.');
        }

        return cut > 0 ? path[..cut] : null;
    }
}
