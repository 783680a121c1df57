using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Schemas;

namespace MeshInfra.Injection;

/// <summary>A rendered YAML file (a Helm values file, one manifest) read back as the plan's manifest tree.</summary>
public static class RenderedYaml
{
    /// <summary>The file's one document, which must be a mapping.</summary>
    public static MapNode Map(string path)
    {
        var document = YamlJson.ParseDocuments(File.ReadAllText(path)).Single();
        return ManifestJson.FromJson(JsonSerializer.SerializeToElement(document)) as MapNode
            ?? throw new InvalidDataException($"{path}: not a mapping");
    }
}
