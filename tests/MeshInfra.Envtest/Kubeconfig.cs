using System.Text;

namespace MeshInfra.Envtest;

/// <summary>
/// Writes kubeconfig files as kubectl reads them: one cluster, user and context per entry, the
/// server's CA inline, a bearer token. Names and tokens are quoted as YAML double-quoted strings.
/// </summary>
public static class Kubeconfig
{
    public static string Write(string path, IReadOnlyList<KubeconfigContext> contexts, string? currentContext = null)
    {
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\nkind: Config\n");
        yaml.Append("current-context: ").Append(Quote(currentContext ?? (contexts.Count > 0 ? contexts[0].Name : ""))).Append('\n');
        yaml.Append("clusters:\n");
        foreach (var context in contexts)
        {
            yaml.Append("- name: ").Append(Quote(context.Name)).Append('\n');
            yaml.Append("  cluster:\n");
            yaml.Append("    server: ").Append(Quote(context.Server.Url)).Append('\n');
            yaml.Append("    certificate-authority-data: ").Append(Convert.ToBase64String(context.Server.CaPem)).Append('\n');
        }

        yaml.Append("users:\n");
        foreach (var context in contexts)
        {
            yaml.Append("- name: ").Append(Quote(context.Name)).Append('\n');
            yaml.Append("  user:\n");
            yaml.Append("    token: ").Append(Quote(context.Token)).Append('\n');
        }

        yaml.Append("contexts:\n");
        foreach (var context in contexts)
        {
            yaml.Append("- name: ").Append(Quote(context.Name)).Append('\n');
            yaml.Append("  context:\n");
            yaml.Append("    cluster: ").Append(Quote(context.Name)).Append('\n');
            yaml.Append("    user: ").Append(Quote(context.Name)).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
