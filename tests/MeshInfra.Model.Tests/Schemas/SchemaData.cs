using System.Text.Json.Nodes;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Schemas;

/// <summary>
/// Locates the upstream files under Data/ (copied to the test output by the csproj) so that
/// validators and tests agree on one layout: Data/istio-1.30.3/..., Data/istio-1.31/... and
/// Data/kubernetes-1.32/...
/// </summary>
public static class SchemaData
{
    /// <summary>The 1.30 line's data (charts and samples), from tag 1.30.3.</summary>
    public const string IstioFolder = "istio-1.30.3";
    public const string KubernetesFolder = "kubernetes-1.32";

    /// <summary>Every supported Istio line, for tests that hold for each.</summary>
    public static TheoryData<string> Lines => new() { "1.30", "1.31" };

    /// <summary>The folder of one Istio line's reference data: 1.30 from 1.30.3, 1.31 from 1.31.0-rc.0.</summary>
    public static string IstioFolderOf(string line) => line switch
    {
        "1.30" => IstioFolder,
        "1.31" => "istio-1.31",
        _ => throw new ArgumentOutOfRangeException(nameof(line), line, "No reference data for this Istio line."),
    };

    /// <summary>The Data folder beside the test assembly.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>Absolute path of a file given relative to Data/ with '/' separators.</summary>
    public static string PathOf(string relativePath)
    {
        var path = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Test data file missing (is it under Data/ and copied to the output?): {relativePath}", path);
    }

    /// <summary>Reads the manifests of a sample YAML file, e.g. "istio-1.30.3/samples/httpbin/httpbin.yaml".</summary>
    public static IReadOnlyList<JsonObject> LoadManifests(string relativePath) =>
        YamlJson.ParseObjects(File.ReadAllText(PathOf(relativePath)));
}
