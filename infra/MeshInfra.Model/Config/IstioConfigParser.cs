using System.Text.Json;
using System.Text.RegularExpressions;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Config;

/// <summary>
/// Reads <c>mesh.istio</c>: the version (a supported line), the chart source, the image hub, the
/// control-plane revision and the control plane an upgrade starts from. Sources Istio is retiring
/// are warnings on a 1.30 stack (they still serve 1.30 until December 2026) and errors on a 1.31
/// stack (1.31 was never published there).
/// </summary>
internal static partial class IstioConfigParser
{
    private const string QuoteHint = "quote it in YAML so 1.30 stays text";

    public static IstioSpec Parse(ConfigReader r, JsonElement config, string root)
    {
        var path = $"{root}.istio";
        if (!ConfigReader.TryGet(config, "istio", out var istio) || !r.IsObject(istio, path))
        {
            return IstioSpec.Default;
        }

        r.RejectUnknownKeys(istio, path, "version", "chartRepository", "hub", "revision", "upgradeFrom", "purgeCrdsOnDelete", "imageDigests");
        var version = Version(r, istio, path) ?? IstioSpec.DefaultVersion;
        var repo = r.String(istio, "chartRepository", path) ?? IstioSpec.DefaultChartRepository;
        // The repository is printed (plan, diff, the pull-request comment) and written (render, apply.sh),
        // so a value with credentials is refused without being echoed; the fix keeps them in helm's own store.
        if (repo.Contains('@', StringComparison.Ordinal) || (Uri.TryCreate(repo, UriKind.Absolute, out var withQuery) && (withQuery.Query.Length > 0 || withQuery.Fragment.Length > 0)))
        {
            r.Error($"{path}.chartRepository", "holds credentials or a query (user:password@, ?token=...), which plan, diff, render and the pull-request comment would print; give the URL alone and log helm in (helm registry login for oci://, helm repo add --username for https://)");
        }
        else if (!Uri.TryCreate(repo, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http" or "oci"))
        {
            r.Error($"{path}.chartRepository", $"'{ConfigReader.Clip(repo)}' is not an https:// or oci:// chart repository URL (Istio publishes at '{IstioSources.DefaultChartRepository}' and '{IstioSources.HttpsChartRepository}')");
        }
        else if (uri.Scheme == "http")
        {
            // Charts fetched without TLS: anyone on the path could hand over another istiod.
            r.Error($"{path}.chartRepository", $"'{ConfigReader.Clip(repo)}' is plain http, so the charts (istiod, the gateways) would be fetched without TLS and could be swapped on the way; use https:// or oci:// (e.g. '{IstioSources.DefaultChartRepository}')");
        }
        else if (IstioSources.IsRetiredChartRepository(repo))
        {
            Retired(r, version, $"{path}.chartRepository", $"'{ConfigReader.Clip(repo)}' is on Google Cloud, which Istio stops serving charts from in December 2026", $"use '{IstioSources.DefaultChartRepository}' or '{IstioSources.HttpsChartRepository}'");
        }

        var hub = r.String(istio, "hub", path) ?? IstioSpec.DefaultHub;
        if (!Hub().IsMatch(hub))
        {
            r.Error($"{path}.hub", $"'{ConfigReader.Clip(hub)}' is not an image hub (a registry and path such as '{IstioSources.DefaultHub}', with no scheme, tag or trailing '/')");
        }
        else if (IstioSources.IsRetiredHub(hub))
        {
            Retired(r, version, $"{path}.hub", $"'{ConfigReader.Clip(hub)}' is Istio's Google registry, which stops serving images in December 2026", $"use '{IstioSources.DefaultHub}'");
        }

        var revision = Revision(r, istio, "revision", path);
        var upgradeFrom = ParseUpgradeFrom(r, istio, path, version, revision);
        var purge = r.Bool(istio, "purgeCrdsOnDelete", path) ?? false;
        return new IstioSpec(version, repo, hub, revision, upgradeFrom) { PurgeCrdsOnDelete = purge, ImageDigests = ParseDigests(r, istio, path, version) };
    }

    /// <summary>
    /// <c>istio.imageDigests.pilot</c> and <c>.proxyv2</c>, each <c>sha256:</c> plus 64 lowercase hex digits.
    /// A digest names one image of one version, so the hint names the version it must be read for.
    /// </summary>
    private static ImageDigests ParseDigests(ConfigReader r, JsonElement istio, string path, string version)
    {
        var at = $"{path}.imageDigests";
        if (!ConfigReader.TryGet(istio, "imageDigests", out var digests) || !r.IsObject(digests, at))
        {
            return ImageDigests.None;
        }

        r.RejectUnknownKeys(digests, at, "pilot", "proxyv2");
        string? Digest(string image)
        {
            var digest = r.String(digests, image, at);
            if (digest is not null && !Sha256Digest().IsMatch(digest))
            {
                r.Error($"{at}.{image}", $"'{ConfigReader.Clip(digest)}' is not an image digest: 'sha256:' and 64 lowercase hex digits, e.g. what `crane digest <hub>/{image}:{version}` prints");
                return null;
            }

            return digest;
        }

        return new ImageDigests(Digest("pilot"), Digest("proxyv2"));
    }

    private static string? Version(ConfigReader r, JsonElement obj, string path)
    {
        var version = r.String(obj, "version", path);
        if (version is not null && !IstioVersions.IsSupported(version))
        {
            r.Error($"{path}.version", $"'{ConfigReader.Clip(version)}' is not a supported Istio version: MeshInfra installs {IstioVersions.SupportedText} (e.g. '{IstioSpec.DefaultVersion}'; {QuoteHint})");
            return null;
        }

        return version;
    }

    private static string? Revision(ConfigReader r, JsonElement obj, string key, string path)
    {
        var revision = r.String(obj, key, path);
        if (revision is null)
        {
            return null;
        }

        if (revision == "default")
        {
            // Istio reserves "default" for the control plane without a revision.
            r.Error(ConfigReader.Join(path, key), "'default' is Istio's name for the control plane without a revision; leave the key out for it");
        }
        else if (!Names.IsDns1123Label(revision) || revision.Length > IstioSpec.MaxRevisionLength)
        {
            // The revision's istiod is the Helm release istiod-<revision>, and Helm refuses release
            // names over 53 characters, so 46 is the longest revision that installs.
            r.Error(ConfigReader.Join(path, key), $"'{ConfigReader.Clip(revision)}' is not a valid revision (lowercase letters, digits and '-', at most {IstioSpec.MaxRevisionLength} characters so that the Helm release istiod-<revision> stays within Helm's 53, e.g. '1-31-1')");
        }

        return revision;
    }

    private static UpgradeFrom? ParseUpgradeFrom(ConfigReader r, JsonElement istio, string istioPath, string version, string? revision)
    {
        var path = $"{istioPath}.upgradeFrom";
        if (!ConfigReader.TryGet(istio, "upgradeFrom", out var from) || !r.IsObject(from, path))
        {
            return null;
        }

        r.RejectUnknownKeys(from, path, "version", "revision", "handover");
        var fromVersion = r.String(from, "version", path, required: true);
        if (fromVersion is not null && !IstioVersions.IsSupported(fromVersion))
        {
            r.Error($"{path}.version", $"'{ConfigReader.Clip(fromVersion)}' is not a supported Istio version: MeshInfra upgrades between {IstioVersions.SupportedText} ({QuoteHint})");
            return null;
        }

        var fromRevision = Revision(r, from, "revision", path);
        if (fromVersion == version && fromRevision == revision)
        {
            r.Error(path, "describes the control plane the stack already runs; remove it once the upgrade is done");
            return null;
        }

        var handover = r.Bool(from, "handover", path) ?? false;
        if (handover && fromRevision == revision)
        {
            r.Error($"{path}.handover", "an in-place upgrade keeps no old control plane to hand over from; remove the key");
            return null;
        }

        if (fromRevision is not null && revision is null && fromVersion is not null)
        {
            // A revision-less istiod always serves istio-injection=enabled and sidecar.istio.io/inject=true
            // (istio-discovery templates/mutatingwebhook.yaml, the revision == "" branch), while the old
            // revision keeps the default tag until the handover: two injectors for the same pods.
            r.Error(ConfigReader.Join(istioPath, "revision"), $"a canary from revision '{fromRevision}' needs a revision for the new control plane too (e.g. '{IstioSpec.RevisionFor(version)}'): a control plane without one injects the default labels beside the old revision's default tag");
            return null;
        }

        return fromVersion is null ? null : new UpgradeFrom(fromVersion, fromRevision, handover);
    }

    /// <summary>A retired source still serves 1.30 until December 2026 (a warning), and never served 1.31 (an error).</summary>
    private static void Retired(ConfigReader r, string version, string key, string what, string fix)
    {
        if (IstioVersions.LineOf(version) == "1.30")
        {
            r.Warn(key, $"{what}; {fix}");
        }
        else
        {
            r.Error(key, $"{what}, and Istio {IstioVersions.LineOf(version)} was never published there; {fix}");
        }
    }

    // registry[:port]/path, lowercase, no scheme, tag or trailing slash (docker.io/istio, my.registry:5000/mirror/istio).
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Hub();

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Digest();
}
