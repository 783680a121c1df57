namespace MeshInfra.Envtest;

/// <summary>
/// Finds the shared reference folder: CI clones the repo with <c>../shared</c> beside it; a git
/// worktree sits deeper, so every ancestor of the repo root is tried. MESHINFRA_SHARED overrides.
/// </summary>
public static class SharedReference
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MeshInfra.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no MeshInfra.sln above {AppContext.BaseDirectory}");
    }

    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable("MESHINFRA_SHARED") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = Directory.GetParent(RepoRoot()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no shared/reference folder beside {RepoRoot()} or its parents (set MESHINFRA_SHARED)");
    }

    /// <summary>Istio's CRDs for one release folder under shared/reference (for example istio-1.30.3).</summary>
    public static string IstioCrds(string releaseFolder) =>
        Path.Combine(Folder(), "reference", releaseFolder, "crd-all.gen.yaml");

    /// <summary>The newest istio-* release folder under shared/reference, by version (1.31 after 1.30.3).</summary>
    public static string NewestIstioRelease() =>
        Directory.GetDirectories(Path.Combine(Folder(), "reference"), "istio-*")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => File.Exists(IstioCrds(name)))
            .OrderBy(name => Version.TryParse(name["istio-".Length..], out var v) ? v : new Version(0, 0))
            .Last();
}
