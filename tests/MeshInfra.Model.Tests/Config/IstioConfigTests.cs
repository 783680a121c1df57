using System.Text.Json.Nodes;
using MeshInfra.Model.Config;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Config;

/// <summary>mesh.istio: supported lines, chart sources and hubs (retired ones included), revision and upgradeFrom.</summary>
public sealed class IstioConfigTests
{
    private static JsonObject WithIstio(JsonObject root, string json)
    {
        root["istio"] = JsonNode.Parse(json);
        return root;
    }

    private static IReadOnlyList<string> Errors(string istio) => Configs.Errors(Configs.Seed, root => WithIstio(root, istio));

    private static MeshSpec Spec(string istio)
    {
        var root = WithIstio(JsonNode.Parse(Configs.Seed)!.AsObject(), istio);
        return Configs.Spec(root.ToJsonString());
    }

    [Theory]
    [InlineData("1.30.3")]
    [InlineData("1.30.5")]
    [InlineData("1.31.0")]
    [InlineData("1.31.1")]
    public void VersionsOfTheSupportedLinesAreAccepted(string version)
    {
        var spec = Spec($$"""{ "version": "{{version}}" }""");
        Assert.Equal(version, spec.Istio.Version);
        Assert.Equal(version[..4], spec.Istio.Line);
    }

    [Theory]
    [InlineData("1.29.6")]
    [InlineData("1.32.0")]
    [InlineData("1.31.0-rc.0")]
    [InlineData("1.31")]
    [InlineData("latest")]
    public void AnyOtherVersionIsOneErrorNamingTheSupportedLines(string version)
    {
        Assert.Equal(
            [$"mesh.istio.version: '{version}' is not a supported Istio version: MeshInfra installs the 1.30 and 1.31 lines (e.g. '1.31.1'; quote it in YAML so 1.30 stays text)"],
            Errors($$"""{ "version": "{{version}}" }"""));
    }

    [Theory]
    [InlineData("https://user:s3cr3t@charts.example.com/istio", "mesh.istio.chartRepository: holds credentials or a query (user:password@, ?token=...), which plan, diff, render and the pull-request comment would print; give the URL alone and log helm in (helm registry login for oci://, helm repo add --username for https://)")]
    [InlineData("oci://robot:s3cr3t@registry.example.com/istio", "mesh.istio.chartRepository: holds credentials or a query (user:password@, ?token=...), which plan, diff, render and the pull-request comment would print; give the URL alone and log helm in (helm registry login for oci://, helm repo add --username for https://)")]
    [InlineData("https://charts.example.com/istio?token=s3cr3t", "mesh.istio.chartRepository: holds credentials or a query (user:password@, ?token=...), which plan, diff, render and the pull-request comment would print; give the URL alone and log helm in (helm registry login for oci://, helm repo add --username for https://)")]
    [InlineData("http://charts.example.com/istio", "mesh.istio.chartRepository: 'http://charts.example.com/istio' is plain http, so the charts (istiod, the gateways) would be fetched without TLS and could be swapped on the way; use https:// or oci:// (e.g. 'oci://ghcr.io/istio/release/charts')")]
    public void PlainHttpAndCredentialsInTheChartRepositoryAreRefusedWithoutEchoingThem(string repository, string error)
    {
        var errors = Errors($$"""{ "chartRepository": "{{repository}}" }""");
        Assert.Equal([error], errors);
        Assert.DoesNotContain(errors, e => e.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("oci://ghcr.io/istio/release/charts")]
    [InlineData("https://blob.istio.io/istio-release/charts")]
    [InlineData("https://charts.example.com/mirror/istio")]
    public void BothSourceKindsAreAcceptedWithoutWarning(string repository)
    {
        var spec = Spec($$"""{ "chartRepository": "{{repository}}" }""");
        Assert.Equal(repository, spec.Istio.ChartRepository);
        Assert.DoesNotContain(spec.Warnings, w => w.Path.StartsWith("mesh.istio", StringComparison.Ordinal));
    }

    [Fact]
    public void TheGoogleChartRepositoryIsAWarningOnA130Stack()
    {
        var spec = Spec("""{ "version": "1.30.3", "chartRepository": "https://istio-release.storage.googleapis.com/charts" }""");
        Assert.Equal(
            ["mesh.istio.chartRepository: 'https://istio-release.storage.googleapis.com/charts' is on Google Cloud, which Istio stops serving charts from in December 2026; use 'oci://ghcr.io/istio/release/charts' or 'https://blob.istio.io/istio-release/charts'"],
            spec.Warnings.Where(w => w.Path.StartsWith("mesh.istio", StringComparison.Ordinal)).Select(w => w.ToString()));
    }

    [Fact]
    public void TheGoogleHubIsAWarningOnA130Stack()
    {
        var spec = Spec("""{ "version": "1.30.3", "hub": "gcr.io/istio-release" }""");
        Assert.Equal(
            ["mesh.istio.hub: 'gcr.io/istio-release' is Istio's Google registry, which stops serving images in December 2026; use 'docker.io/istio'"],
            spec.Warnings.Where(w => w.Path.StartsWith("mesh.istio", StringComparison.Ordinal)).Select(w => w.ToString()));
    }

    [Fact]
    public void GoogleSourcesAreErrorsOnA131StackWhichWasNeverPublishedThere()
    {
        Assert.Equal(
            [
                "mesh.istio.chartRepository: 'oci://gcr.io/istio-release/charts' is on Google Cloud, which Istio stops serving charts from in December 2026, and Istio 1.31 was never published there; use 'oci://ghcr.io/istio/release/charts' or 'https://blob.istio.io/istio-release/charts'",
                "mesh.istio.hub: 'gcr.io/istio-release' is Istio's Google registry, which stops serving images in December 2026, and Istio 1.31 was never published there; use 'docker.io/istio'",
            ],
            Errors("""{ "version": "1.31.1", "chartRepository": "oci://gcr.io/istio-release/charts", "hub": "gcr.io/istio-release" }"""));
    }

    [Theory]
    [InlineData("docker.io/istio")]
    [InlineData("registry.example.com:5000/mirror/istio")]
    public void AHubIsARegistryAndPath(string hub) => Assert.Equal(hub, Spec($$"""{ "hub": "{{hub}}" }""").Istio.Hub);

    [Theory]
    [InlineData("https://docker.io/istio")]
    [InlineData("docker.io/istio:1.31.1")]
    [InlineData("docker.io/istio/")]
    [InlineData("Docker.io/istio")]
    public void AHubWithASchemeTagOrSlashIsAnError(string hub) =>
        Assert.Equal(
            [$"mesh.istio.hub: '{hub}' is not an image hub (a registry and path such as 'docker.io/istio', with no scheme, tag or trailing '/')"],
            Errors($$"""{ "hub": "{{hub}}" }"""));

    [Fact]
    public void RevisionDefaultIsReservedByIstio() =>
        Assert.Equal(
            ["mesh.istio.revision: 'default' is Istio's name for the control plane without a revision; leave the key out for it"],
            Errors("""{ "revision": "default" }"""));

    [Fact]
    public void ARevisionNamesItsIstiod()
    {
        var spec = Spec("""{ "revision": "1-31-1" }""");
        Assert.Equal("istiod-1-31-1", spec.Istio.IstiodReleaseName);
        Assert.False(spec.Istio.KeepsPreviousControlPlane);
    }

    [Fact]
    public void UpgradeFromWithAnotherRevisionKeepsTheOldControlPlane()
    {
        var spec = Spec("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }""");
        Assert.Equal(new UpgradeFrom("1.30.3", null), spec.Istio.UpgradeFrom);
        Assert.True(spec.Istio.KeepsPreviousControlPlane);
    }

    [Fact]
    public void UpgradeFromTheSameControlPlaneIsAnError() =>
        Assert.Equal(
            ["mesh.istio.upgradeFrom: describes the control plane the stack already runs; remove it once the upgrade is done"],
            Errors("""{ "version": "1.31.1", "upgradeFrom": { "version": "1.31.1" } }"""));

    [Fact]
    public void UpgradeFromNeedsASupportedVersion() =>
        Assert.Equal(
            [
                "mesh.istio.upgradeFrom.version: is required",
                "mesh.istio.upgradeFrom.version: '1.29.6' is not a supported Istio version: MeshInfra upgrades between the 1.30 and 1.31 lines (quote it in YAML so 1.30 stays text)",
            ],
            [.. Errors("""{ "upgradeFrom": { "revision": "old" } }"""), .. Errors("""{ "upgradeFrom": { "version": "1.29.6" } }""")]);

    [Fact]
    public void UnknownIstioKeysSuggestTheKnownOne() =>
        Assert.Equal(["mesh.istio.hubb: unknown key (did you mean 'hub'?)"], Errors("""{ "hubb": "docker.io/istio" }"""));

    [Fact]
    public void ARevisionIsCappedSoItsHelmReleaseNameFitsHelmsLimit()
    {
        // istiod-<revision> is a Helm release name, which Helm caps at 53 characters.
        var longest = new string('r', 46);
        Assert.Equal("istiod-" + longest, Spec($$"""{ "revision": "{{longest}}" }""").Istio.IstiodReleaseName);
        Assert.Equal(
            [$"mesh.istio.revision: '{longest}r' is not a valid revision (lowercase letters, digits and '-', at most 46 characters so that the Helm release istiod-<revision> stays within Helm's 53, e.g. '1-31-1')"],
            Errors($$"""{ "revision": "{{longest}}r" }"""));
    }

    [Fact]
    public void AHandoverNeedsACanaryToHandOverFrom() =>
        Assert.Equal(
            ["mesh.istio.upgradeFrom.handover: an in-place upgrade keeps no old control plane to hand over from; remove the key"],
            Errors("""{ "version": "1.31.1", "upgradeFrom": { "version": "1.30.3", "handover": true } }"""));

    [Fact]
    public void ACanaryFromARevisionToNoRevisionIsRefused() =>
        Assert.Equal(
            ["mesh.istio.revision: a canary from revision '1-31-1' needs a revision for the new control plane too (e.g. '1-31-2'): a control plane without one injects the default labels beside the old revision's default tag"],
            Errors("""{ "version": "1.31.2", "upgradeFrom": { "version": "1.31.1", "revision": "1-31-1" } }"""));

    [Fact]
    public void TheHandoverMovesTheDefaultRevision()
    {
        var istio = Spec("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3", "handover": true } }""").Istio;
        Assert.Equal(new UpgradeFrom("1.30.3", null, Handover: true), istio.UpgradeFrom);
        Assert.False(istio.KeepsPreviousControlPlane);
        Assert.Equal("1-31-1", istio.DefaultRevision);
        Assert.Null(Spec("""{ "version": "1.31.1", "revision": "1-31-1", "upgradeFrom": { "version": "1.30.3" } }""").Istio.DefaultRevision);
    }
}
