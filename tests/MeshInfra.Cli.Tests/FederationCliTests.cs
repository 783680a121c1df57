using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>Federated objects through the CLI: copies rendered per cluster, schema errors named at their key.</summary>
public sealed class FederationCliTests
{
    // One more entry for the dev stack's federated list.
    private const string Federated = """
              - kind: AuthorizationPolicy
                name: deny-nothing
                namespace: istio-system
                placement:
                  clusters: [cluster2]
                spec:
                  action: ALLOW
                  rules:
                    - from:
                        - source:
                            namespaces: ["*"]

        """;

    private static string StackWith(TempDirectory temp, string federated)
    {
        var path = temp.Combine("Pulumi.fed.yaml");
        var dev = File.ReadAllText(Repo.DevStack);
        File.WriteAllText(path, dev.Replace("    samples:\n", federated.Replace("\r\n", "\n", StringComparison.Ordinal) + "    samples:\n", StringComparison.Ordinal));
        Assert.Contains("deny-nothing", File.ReadAllText(path), StringComparison.Ordinal);
        return path;
    }

    [Fact]
    public void ACopyIsRenderedOnlyWhereItIsPlaced()
    {
        using var temp = new TempDirectory();
        var stack = StackWith(temp, Federated);
        CliRunner.Ok("render", stack, "--out", temp.Combine("out"));
        Assert.Single(Directory.GetFiles(temp.Combine("out", "cluster2"), "*-authorizationpolicy-istio-system-deny-nothing.yaml"));
        Assert.Empty(Directory.GetFiles(temp.Combine("out", "cluster1"), "*-authorizationpolicy-istio-system-deny-nothing.yaml"));
    }

    [Fact]
    public void ACopyThatBreaksItsSchemaIsRefusedWithItsKeyAndLine()
    {
        using var temp = new TempDirectory();
        var stack = StackWith(temp, Federated.Replace("action: ALLOW", "action: PERMIT", StringComparison.Ordinal));
        var result = CliRunner.Run("validate", stack);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n'), l => l.Contains("mesh.federated[1]", StringComparison.Ordinal));
        Assert.Matches(@"^.*Pulumi\.fed\.yaml:\d+:\d+: mesh\.federated\[1\]: the copy for cluster 'cluster2' does not fit the Istio 1.31 AuthorizationPolicy schema: AuthorizationPolicy/deny-nothing: \$\.spec\.action: ", line);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
