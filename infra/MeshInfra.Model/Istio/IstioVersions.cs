using System.Text.RegularExpressions;

namespace MeshInfra.Model.Istio;

/// <summary>
/// The Istio minor lines MeshInfra installs and validates against, and the Kubernetes range they
/// support. Each line has its own reference data (CRDs, chart values), so a version outside these
/// lines is refused rather than checked against the wrong schema.
/// </summary>
public static partial class IstioVersions
{
    /// <summary>
    /// 1.31.1: the newest 1.31 patch the Istio release notes confirm (1.31.0 on 2026-08-31, then
    /// 1.31.1); 1.31 is the line Istio publishes outside Google Cloud (reference/istio-1.31/FACTS.md).
    /// </summary>
    public const string Default = "1.31.1";

    /// <summary>Oldest first; the text of errors lists them in this order.</summary>
    public static readonly IReadOnlyList<string> SupportedLines = ["1.30", "1.31"];

    /// <summary>Both lines support Kubernetes 1.32 to 1.36 (istio.io supported releases).</summary>
    public const int MinKubernetesMinor = 32;

    public const int MaxKubernetesMinor = 36;

    public static string KubernetesRange => $"1.{MinKubernetesMinor} to 1.{MaxKubernetesMinor}";

    /// <summary>How errors name the accepted versions, e.g. "the 1.30 and 1.31 lines".</summary>
    public static string SupportedText => $"the {string.Join(" and ", SupportedLines)} lines";

    /// <summary>A published release (no pre-releases: they are not on the release registries) of a supported line.</summary>
    public static bool IsSupported(string version) =>
        Release().Match(version) is { Success: true } m && SupportedLines.Contains(m.Groups["line"].Value, StringComparer.Ordinal);

    /// <summary>The minor line of a supported version: "1.31.1" gives "1.31".</summary>
    public static string LineOf(string version) =>
        Release().Match(version) is { Success: true } m
            ? m.Groups["line"].Value
            : throw new ArgumentException($"'{version}' is not an Istio release version.", nameof(version));

    // Anchored with \z, not $: '$' also matches before a final '\n'.
    [GeneratedRegex(@"^(?<line>1\.[0-9]{1,3})\.[0-9]{1,3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Release();
}
