using System.Text.Json.Nodes;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

/// <summary>
/// A cluster's kubeconfig as a Pulumi secret: the model validates the stack without its value, and the
/// Pulumi program's decrypted config is sealed before the model sees it.
/// </summary>
public sealed class SecretKubeconfigTests
{
    private static MeshSpec WithKubeconfig(JsonNode kubeconfig)
    {
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["clusters"]![1]!["kubeconfig"] = kubeconfig;
        return MeshConfigParser.Parse(Configs.Json(root.ToJsonString()));
    }

    [Fact]
    public void ASecureKubeconfigIsKnownAsSecretWithoutItsValue()
    {
        var spec = WithKubeconfig(new JsonObject { ["secure"] = "v1:c2VjcmV0" });

        var cluster = spec.Clusters[1];
        Assert.Null(cluster.Kubeconfig);
        Assert.Equal(new SecretKubeconfig("mesh.clusters[1].kubeconfig", "v1:c2VjcmV0"), cluster.SecretKubeconfig);
        Assert.Null(spec.Clusters[0].SecretKubeconfig);
        Assert.DoesNotContain(spec.Warnings, w => w.Path.EndsWith("kubeconfig", StringComparison.Ordinal));
    }

    [Fact]
    public void PlainKubeconfigContentsAreAcceptedWithAWarningThatSaysHowToMakeThemSecret()
    {
        var spec = WithKubeconfig(JsonValue.Create("apiVersion: v1\nkind: Config\n"));

        Assert.Equal("apiVersion: v1\nkind: Config\n", spec.Clusters[1].Kubeconfig);
        var warning = Assert.Single(spec.Warnings, w => w.Path == "mesh.clusters[1].kubeconfig");
        Assert.Equal("the kubeconfig's contents are written in plain text in the stack file, credentials included; make it a Pulumi secret: pulumi config set --secret --path 'mesh.clusters[1].kubeconfig' < FILE", warning.Message);
    }

    [Fact]
    public void AnyOtherObjectIsRefusedNamingTheThreeForms()
    {
        var errors = Configs.Errors(Configs.Seed, root => root["clusters"]![1]!["kubeconfig"] = new JsonObject { ["secure"] = "v1:x", ["path"] = "/x" });
        Assert.Equal(["mesh.clusters[1].kubeconfig: expected a kubeconfig path, the kubeconfig's contents, or a Pulumi secret (pulumi config set --secret --path 'mesh.clusters[1].kubeconfig' < FILE), got an object"], errors);
    }

    [Fact]
    public void ThePulumiProgramsDecryptedContentsAreSealedBeforeTheModelAndReadBackByClusterName()
    {
        // As Pulumi hands the program the config: decrypted, longer than any config string the model takes.
        var contents = "apiVersion: v1\nusers:\n- user:\n    token: " + new string('t', 3000) + "\n";
        var root = JsonNode.Parse(Configs.Seed)!.AsObject();
        root["clusters"]![0]!["kubeconfig"] = "/home/me/.kube/config";
        root["clusters"]![1]!["kubeconfig"] = contents;
        var decrypted = Configs.Json(root.ToJsonString());

        var sealedConfig = SecretKubeconfigs.Sealed(decrypted);
        var spec = MeshConfigParser.Parse(sealedConfig);

        Assert.DoesNotContain("tttt", sealedConfig.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("/home/me/.kube/config", spec.Clusters[0].Kubeconfig);
        Assert.Null(spec.Clusters[0].SecretKubeconfig);
        Assert.Null(spec.Clusters[1].Kubeconfig);
        Assert.Equal(SecretKubeconfig.DecryptedByPulumi, spec.Clusters[1].SecretKubeconfig!.Ciphertext);
        Assert.Equal(contents, SecretKubeconfigs.ContentsOf(decrypted, spec.Clusters[1].Name));
        Assert.Null(SecretKubeconfigs.ContentsOf(decrypted, spec.Clusters[0].Name));
    }

    [Fact]
    public void ProviderChangesSayASecretWasSetAgainOrAddedWithoutShowingIt()
    {
        var ambient = Configs.Spec(Configs.Seed);
        var first = WithKubeconfig(new JsonObject { ["secure"] = "v1:Zmlyc3Q=" });
        var again = WithKubeconfig(new JsonObject { ["secure"] = "v1:YWdhaW4=" });
        var name = first.Clusters[1].Name;

        Assert.Equal([$"cluster {name}: kubeconfig (the ambient kubeconfig) -> (a Pulumi secret, not shown)"], ProviderChanges.Between(ambient, first));
        Assert.Equal([$"cluster {name}: kubeconfig (a Pulumi secret) set again: its ciphertext differs, the value is not shown (and may be the same)"], ProviderChanges.Between(first, again));
        Assert.Empty(ProviderChanges.Between(first, WithKubeconfig(new JsonObject { ["secure"] = "v1:Zmlyc3Q=" })));
        Assert.DoesNotContain(ProviderChanges.Between(first, again), l => l.Contains("v1:", StringComparison.Ordinal));
    }
}
