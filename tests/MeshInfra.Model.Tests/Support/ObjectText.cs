using System.Text.Json;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Tests.Support;

/// <summary>A Kubernetes object written as JSON in a test, read into the manifest tree the traffic model reads.</summary>
public static class ObjectText
{
    public static MapNode Parse(string json) => (MapNode)ManifestJson.FromJson(JsonDocument.Parse(json).RootElement)!;
}
