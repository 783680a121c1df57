using MeshInfra.Cli.Stack;
using YamlDotNet.Serialization;

namespace MeshInfra.Benchmarks;

/// <summary>Writes a synthetic mesh as a <c>Pulumi.&lt;stack&gt;.yaml</c>, the CLI's real input.</summary>
internal static class StackFiles
{
    public static string Write(SyntheticMesh mesh, string directory)
    {
        var stack = new Dictionary<string, object>
        {
            ["config"] = new Dictionary<string, object> { [StackFile.DefaultMeshKey] = mesh.ToConfig() },
        };
        var path = Path.Combine(directory, $"Pulumi.bench-{mesh.Clusters}x{mesh.Services.Count}.yaml");
        File.WriteAllText(path, new SerializerBuilder().Build().Serialize(stack));
        return path;
    }
}
