using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>The CLI reads the config key the Pulumi program reads: <c>&lt;project&gt;:mesh</c>, project from Pulumi.yaml.</summary>
public sealed class StackProjectTests
{
    private static string DevMesh(string project) =>
        File.ReadAllText(Repo.DevStack).Replace("  mesh-infra:mesh:", $"  {project}:mesh:", StringComparison.Ordinal);

    [Fact]
    public void ProjectNameComesFromThePulumiYamlBesideTheStack()
    {
        using var temp = new TempDirectory();
        temp.File("Pulumi.yaml", "name: shop-mesh\nruntime: dotnet\n");
        var path = temp.File("Pulumi.dev.yaml", DevMesh("shop-mesh"));

        var result = CliRunner.Run("validate", path);

        Assert.Equal((0, ""), (result.ExitCode, result.OtherStderr));
    }

    [Fact]
    public void KeyOfAnotherProjectIsNotReadAndTheErrorSaysWhichProject()
    {
        using var temp = new TempDirectory();
        temp.File("Pulumi.yml", "name: shop-mesh\nruntime: dotnet\n");
        var path = temp.File("Pulumi.dev.yaml", DevMesh("mesh-infra"));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{path}:3:3: config: has no shop-mesh:mesh key (found 'mesh-infra:mesh'; the key is namespaced by the project name, 'shop-mesh' in the Pulumi.yaml beside this file)"], result.ErrorLines);
    }

    [Fact]
    public void ProvidedRootKeysAreLookedUpInTheSameProject()
    {
        using var temp = new TempDirectory();
        temp.File("Pulumi.yaml", "name: shop-mesh\n");
        var path = temp.File("Pulumi.t.yaml", Stacks.ProvidedTrust("  mesh-infra:rootCaCert: x").Replace("mesh-infra:mesh", "shop-mesh:mesh", StringComparison.Ordinal));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.EndsWith("shop-mesh:rootCaCert: is required when mesh.trust.mode is 'provided'; set it with: pulumi config set --secret rootCaCert < root-cert.pem", StringComparison.Ordinal));
        Assert.Equal($"{path}: invalid — 2 errors in shop-mesh:mesh", result.ErrorLines[^1]);
    }

    [Fact]
    public void PulumiYamlWithoutANameIsBadInput()
    {
        using var temp = new TempDirectory();
        var project = temp.File("Pulumi.yaml", "runtime: dotnet\n");
        var path = temp.File("Pulumi.dev.yaml", DevMesh("mesh-infra"));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{project}: has no name:; a Pulumi project file names its project, such as name: mesh-infra"], result.ErrorLines);
    }

    [Fact]
    public void WithoutPulumiYamlTwoMeshKeysAreAmbiguous()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.dev.yaml", DevMesh("mesh-infra") + "  other:mesh: {}\n");

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{path}:3:3: config: has several <project>:mesh keys (mesh-infra:mesh, other:mesh) and no Pulumi.yaml beside it says which project this stack belongs to; put the stack file beside its Pulumi.yaml"], result.ErrorLines);
    }
}
