namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// Paths in the repository. Tests read the real stack files at the root, so the stacks users deploy
/// are the ones that must stay valid, and goldens live in the source tree so they can be updated.
/// </summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string DevStack => Path.Combine(Root, "Pulumi.dev.yaml");

    public static string ProdStack => Path.Combine(Root, "Pulumi.prod.yaml");

    public static string Golden(params string[] parts) => Path.Combine([Root, "tests", "MeshInfra.Cli.Tests", "Golden", .. parts]);

    private static string FindRoot()
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
