namespace MeshInfra.Tests;

/// <summary>
/// The Helm release inputs the provider receives, on both kinds of chart source: an OCI source is
/// the full chart reference with no repositoryOpts (the provider pulls an oci:// chart name through
/// its registry client); an https source is the chart name plus repositoryOpts.repo. Version and
/// image hub come from the stack.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class HelmReleaseEngineTests
{
    private const string Release = "kubernetes:helm.sh/v3:Release";

    private static string SeedWith(string istio) =>
        Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"istio\": " + istio + ",", StringComparison.Ordinal);

    [Fact]
    public async Task AnOciSourceGivesTheFullChartReferenceAndNoRepositoryOpts()
    {
        var run = await EngineRun.StartAsync(SeedWith("""{ "version": "1.31.1", "chartRepository": "oci://ghcr.io/istio/release/charts" }"""), Configs.SeedFacts);
        foreach (var (name, chart) in new[] { ("cluster1/helm/istio-base", "base"), ("cluster1/helm/istiod", "istiod"), ("cluster1/helm/istio-eastwestgateway", "gateway"), ("cluster1/helm/istio-ingressgateway", "gateway") })
        {
            var release = run.Named(Release, name);
            Assert.Equal($"oci://ghcr.io/istio/release/charts/{chart}", release.Inputs["chart"]);
            Assert.Equal("1.31.1", release.Inputs["version"]);
            // Absent, or null if the serializer keeps unset inputs: either way no repository URL reaches the provider.
            Assert.Null(release.Inputs.GetValueOrDefault("repositoryOpts"));
        }

        Assert.Equal("docker.io/istio", run.Named(Release, "cluster1/helm/istiod").Inputs.At("values", "global", "hub"));
    }

    [Fact]
    public async Task AnHttpsSourceGivesTheChartNameAndTheRepository()
    {
        var run = await EngineRun.StartAsync(SeedWith("""{ "version": "1.30.3", "chartRepository": "https://blob.istio.io/istio-release/charts", "hub": "registry.example.com/mirror/istio" }"""), Configs.SeedFacts);
        var istiod = run.Named(Release, "cluster2/helm/istiod");
        Assert.Equal(("istiod", "1.30.3"), ((string)istiod.Inputs["chart"], (string)istiod.Inputs["version"]));
        Assert.Equal("https://blob.istio.io/istio-release/charts", istiod.Inputs.At("repositoryOpts", "repo"));
        Assert.Equal("registry.example.com/mirror/istio", istiod.Inputs.At("values", "global", "hub"));
        var gateway = run.Named(Release, "cluster2/helm/istio-eastwestgateway");
        Assert.Equal(("gateway", "https://blob.istio.io/istio-release/charts"), ((string)gateway.Inputs["chart"], (string?)gateway.Inputs.At("repositoryOpts", "repo")));
    }

    [Fact]
    public async Task ACanaryDeclaresBothControlPlanesAtTheirOwnVersions()
    {
        var run = await EngineRun.StartAsync(SeedWith("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }"""), Configs.SeedFacts);
        var canary = run.Named(Release, "cluster1/helm/istiod-1-31-1");
        var old = run.Named(Release, "cluster1/helm/istiod");
        Assert.Equal(("istiod-1-31-1", "1.31.1", "1-31-1"), ((string)canary.Inputs["name"], (string)canary.Inputs["version"], (string?)canary.Inputs.At("values", "revision")));
        Assert.Equal(("istiod", "1.30.3"), ((string)old.Inputs["name"], (string)old.Inputs["version"]));
        Assert.Null(old.Inputs.At("values", "revision"));
        Assert.Equal("1-31-1", run.Named(Release, "cluster1/helm/istio-eastwestgateway").Inputs.At("values", "revision"));
    }

    [Fact]
    public async Task TheHandoverPatchesTheOldInjectorToMatchNothingBeforeTheTag()
    {
        var run = await EngineRun.StartAsync(SeedWith("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3", "handover": true } }"""), Configs.SeedFacts);
        var patch = run.Named("kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfigurationPatch", "cluster1/MutatingWebhookConfiguration/istio-sidecar-injector");
        Assert.Equal("istio-sidecar-injector", patch.Inputs.At("metadata", "name"));
        Assert.Equal("true", patch.Inputs.At("metadata", "annotations", "pulumi.com/patchForce"));
        Assert.Equal(4, patch.Inputs.At("webhooks").Items().Count());
        Assert.All(patch.Inputs.At("webhooks").Items(), w =>
        {
            Assert.Equal("never-match", w.At("namespaceSelector", "matchLabels", "istio.io/deactivated"));
            Assert.Equal("never-match", w.At("objectSelector", "matchLabels", "istio.io/deactivated"));
        });
        Assert.DoesNotContain(run.OfType(Release), r => r.Name == "cluster1/helm/istiod");
    }

    [Fact]
    public async Task VerifyCommandsCheckEachContextsKubernetesVersion()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var commands = (await EngineRun.ReadAsync(run.Stack.VerifyCommands)).Value;
        foreach (var context in new[] { "kind-cluster1", "kind-cluster2" })
        {
            Assert.Contains(commands, c => c.StartsWith($"kubectl --context {context} get --raw /version | grep -Eq '\"minor\": *\"(32|33|34|35|36)\\+?\"'", StringComparison.Ordinal)
                && c.EndsWith($"echo '{context}: Istio 1.31.1 supports Kubernetes 1.32 to 1.36 only'; }}", StringComparison.Ordinal));
        }
    }
}
