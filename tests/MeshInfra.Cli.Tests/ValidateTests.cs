using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

public sealed class ValidateTests
{
    [Theory]
    [InlineData("Pulumi.dev.yaml", "2 clusters, 5 global hosts, 1 route", null)]
    // prod's dc-frankfurt keeps the NodePort Kubernetes assigned, which the stack's tests of --set rely on.
    [InlineData("Pulumi.prod.yaml", "3 clusters, 3 global hosts, 1 route", "mesh.clusters[2].gateway.nodePort")]
    public void RepositoryStacksAreValid(string stack, string summary, string? warnedKey)
    {
        var path = Path.Combine(Repo.Root, stack);

        var result = CliRunner.Ok("validate", path);

        Assert.Equal($"{path}: valid — {summary}\n", result.Stdout);
        Assert.Equal(warnedKey is null ? [] : [warnedKey], result.AllErrorLines.Where(l => !l.Contains(CliResult.PublicDomainWarning, StringComparison.Ordinal)).Select(l => l.Split(": warning: ")[1].Split(':')[0]));
    }

    [Fact]
    public void TheDefaultGlobalDomainIsWarnedAboutAsAPublicTopLevelDomain()
    {
        var result = CliRunner.Ok("validate", Repo.DevStack);

        Assert.Equal(
            $"{Repo.DevStack}:4:5: warning: mesh.globalDomain: 'global' is under the top-level domain 'global', which is not reserved for private use (it is, or may become, a public domain): the mesh's zone hides every real name under 'global' from the clusters' pods, and a resolver other than the clusters' CoreDNS may answer a mesh name from the internet; use a name under 'internal', which ICANN reserved for private use, such as 'mesh.internal'\n",
            result.Stderr);
    }

    [Fact]
    public void BrokenStackListsEveryBrokenKeyWithItsLine()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.broken.yaml", Stacks.Broken);

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(
            [
                $"{path}:11:18: mesh.clusters[1].network: 'net 2' is not a valid name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
                $"{path}:18:16: mesh.services[0].versions.v2[0]: 'cluster3' is not a cluster of this mesh (known: cluster1, cluster2)",
                $"{path}:26:26: mesh.routes[0].http[0].route[1].version: no cluster runs version 'v2' of web.shop (running: v1)",
                $"{path}:24:15: mesh.routes[0].http[0].route: weights add up to 90; they must add up to 100",
                $"{path}: invalid — 4 errors in mesh-infra:mesh",
            ],
            result.ErrorLines);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("graph")]
    public void OtherCommandsRefuseABrokenStackTheSameWay(string command)
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.broken.yaml", Stacks.Broken);

        var result = CliRunner.Run(command, path);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"{path}:11:18: mesh.clusters[1].network: ", StringComparison.Ordinal));
        Assert.Equal($"{path}: invalid — 4 errors in mesh-infra:mesh", result.ErrorLines[^1]);
    }

    [Fact]
    public void MalformedYamlNamesTheFileAndLine()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.malformed.yaml", Stacks.Malformed);

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"{path}:5:5: malformed YAML: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlSyntaxErrorNamesTheFileLineAndParserMessage()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.tabs.yaml", "config:\n  mesh-infra:mesh:\n    meshId: \"mesh1\n");

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{path}:3:13: malformed YAML: While scanning a quoted scalar, found unexpected end of stream.", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void MissingFileIsBadInput()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("Pulumi.nothere.yaml");

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{path}: no such file", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("", ": is empty; a MeshInfra stack file sets mesh-infra:mesh under config:")]
    [InlineData("encryptionsalt: v1:abc\n", ": has no config: section; a MeshInfra stack file sets mesh-infra:mesh under config:")]
    [InlineData("config:\n  mesh: {}\n", ":2:3: config: has no mesh-infra:mesh key (found 'mesh'; the key is namespaced by the project name, 'mesh-infra' in the Pulumi.yaml beside this file)")]
    [InlineData("- a\n- b\n", ":1:1: expected a Pulumi stack file (a mapping with a config: section), found a list")]
    public void StackFileWithoutAMeshIsBadInput(string content, string afterPath)
    {
        using var temp = new TempDirectory();
        temp.File("Pulumi.yaml", "name: mesh-infra\nruntime: dotnet\n");
        var path = temp.File("Pulumi.nomesh.yaml", content);

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(path + afterPath, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void BadInputNeverShowsAStackTrace()
    {
        using var temp = new TempDirectory();
        var results = new[]
        {
            CliRunner.Run("validate", temp.File("Pulumi.broken.yaml", Stacks.Broken)),
            CliRunner.Run("validate", temp.File("Pulumi.malformed.yaml", Stacks.Malformed)),
            CliRunner.Run("validate", temp.Combine("missing.yaml")),
            CliRunner.Run("render", Repo.DevStack, "--out", temp.Combine("out"), "--set", "nope=1"),
            CliRunner.Run("graph", Repo.DevStack, "--format", "svg"),
            CliRunner.Run("frobnicate"),
            CliRunner.Run(),
        };

        Assert.All(results, r =>
        {
            Assert.Equal(2, r.ExitCode);
            Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", r.Stderr, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("validate")]
    [InlineData("render", "Pulumi.dev.yaml")]
    [InlineData("graph", "Pulumi.dev.yaml", "--format", "svg")]
    public void UsageErrorsExitWithTwo(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("meshinfra: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("Run 'meshinfra --help' for usage.", result.ErrorLines[^1]);
    }

    [Fact]
    public void HelpExitsWithZero()
    {
        var result = CliRunner.Ok("--help");

        Assert.Contains("validate", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("render", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EncryptedConfigIsReportedAsPresentAndNeverNeeded()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust("""
              mesh-infra:rootCaCert:
                secure: v1:c2VjcmV0LWNlcnQ=
              mesh-infra:rootCaKey:
                secure: v1:c2VjcmV0LWtleQ==
            """));

        var result = CliRunner.Ok("validate", path);

        Assert.Equal(
            [
                $"{path}: valid — 2 clusters, 0 global hosts, 0 routes",
                $"{path}: secret config present (encrypted, not needed offline): mesh-infra:rootCaCert, mesh-infra:rootCaKey",
            ],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("v1:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ProvidedTrustNeedsTheRootInSecretConfig()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust(""));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                $"{path}: mesh-infra:rootCaCert: is required when mesh.trust.mode is 'provided'; set it with: pulumi config set --secret rootCaCert < root-cert.pem",
                $"{path}: mesh-infra:rootCaKey: is required when mesh.trust.mode is 'provided'; set it with: pulumi config set --secret rootCaKey < root-key.pem",
                $"{path}: invalid — 2 errors in mesh-infra:mesh",
            ],
            result.ErrorLines);
    }

    [Fact]
    public void RootKeyInPlainTextIsRefusedWithoutEchoingIt()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.provided.yaml", Stacks.ProvidedTrust("""
              mesh-infra:rootCaCert:
                secure: v1:c2VjcmV0LWNlcnQ=
              mesh-infra:rootCaKey: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n"
            """));

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"{path}:15:3: mesh-infra:rootCaKey: is stored in plain text; a root CA key must be a secret", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIE", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EncryptedValueInsideTheMeshIsRefusedAtItsLine()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.secure.yaml", """
            config:
              mesh-infra:mesh:
                meshId: mesh1
                clusters:
                  - name: cluster1
                    context:
                      secure: v1:abc
            """);

        var result = CliRunner.Run("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"{path}:7:11: mesh.clusters[0].context is an encrypted (secure:) value; of the mesh config only clusters[].kubeconfig may be a secret, and the offline CLI never decrypts, so write it in plain text",
            Assert.Single(result.ErrorLines));
    }
}
