using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshInfra.Model.Config;

/// <summary>
/// The Pulumi program's side of <see cref="SecretKubeconfig"/>. Pulumi hands the program the
/// <c>mesh</c> config decrypted, and cannot say which of its values were <c>secure:</c>; so every
/// kubeconfig given as contents (a secret, or plain text) is sealed before the model sees the config,
/// and the program reads it again through Pulumi's secret config API for the cluster's provider.
/// </summary>
public static class SecretKubeconfigs
{
    /// <summary>The key Pulumi writes an encrypted value under.</summary>
    public const string SecureKey = "secure";

    /// <summary>
    /// The mesh config with every <c>clusters[].kubeconfig</c> that is contents (it spans lines, or is
    /// JSON) replaced by <c>{secure: "(decrypted by Pulumi)"}</c>; paths and everything else as given.
    /// </summary>
    public static JsonElement Sealed(JsonElement mesh)
    {
        if (mesh.ValueKind != JsonValueKind.Object || !mesh.TryGetProperty("clusters", out var clusters) || clusters.ValueKind != JsonValueKind.Array)
        {
            return mesh;
        }

        var root = JsonNode.Parse(mesh.GetRawText())!.AsObject();
        foreach (var cluster in root["clusters"]!.AsArray().OfType<JsonObject>())
        {
            if (cluster["kubeconfig"] is JsonValue value && value.TryGetValue<string>(out var text) && IsContents(text))
            {
                cluster["kubeconfig"] = new JsonObject { [SecureKey] = SecretKubeconfig.DecryptedByPulumi };
            }
        }

        using var document = JsonDocument.Parse(root.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The kubeconfig contents of the cluster named <paramref name="clusterName"/> in the decrypted
    /// mesh config; null when it has none (a path, or the ambient kubeconfig).
    /// </summary>
    public static string? ContentsOf(JsonElement mesh, string clusterName)
    {
        if (!mesh.TryGetProperty("clusters", out var clusters) || clusters.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var cluster in clusters.EnumerateArray())
        {
            if (cluster.ValueKind == JsonValueKind.Object
                && cluster.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == clusterName
                && cluster.TryGetProperty("kubeconfig", out var kubeconfig) && kubeconfig.ValueKind == JsonValueKind.String
                && IsContents(kubeconfig.GetString()!))
            {
                return kubeconfig.GetString();
            }
        }

        return null;
    }

    /// <summary>Contents span lines (YAML) or are JSON; a path is one line.</summary>
    private static bool IsContents(string kubeconfig) =>
        kubeconfig.Contains('\n', StringComparison.Ordinal) || kubeconfig.TrimStart().StartsWith('{');
}
