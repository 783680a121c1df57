using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// The <c>mesh-infra:mesh</c> values of the repository's own stacks (Pulumi.dev.yaml, Pulumi.prod.yaml) as
/// JSON, read from the files at the repository root so the robustness cases start from what users deploy.
/// </summary>
internal static class RepoStackConfigs
{
    public static string Dev => Mesh("Pulumi.dev.yaml");

    public static string Prod => Mesh("Pulumi.prod.yaml");

    private static string Mesh(string stackFile)
    {
        var document = Assert.Single(YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(RepoRoot(), stackFile))));
        return document["config"]!["mesh-infra:mesh"]!.ToJsonString();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MeshInfra.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MeshInfra.sln above {AppContext.BaseDirectory}.");
    }
}
