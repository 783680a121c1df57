using System.Text.RegularExpressions;

namespace MeshInfra.Model.Config;

/// <summary>The naming rules Kubernetes and Istio impose, checked once at the edge.</summary>
internal static partial class Names
{
    public const string Dns1123LabelRule = "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

    public static bool IsDns1123Label(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    /// <summary>A DNS domain such as <c>global</c> or <c>mesh.example.com</c>: labels joined by dots.</summary>
    public static bool IsDnsDomain(string name) =>
        name.Length <= 253 && name.Split('.').All(IsDns1123Label);

    /// <summary>An object name: DNS-1123 labels joined by dots, at most 253 characters.</summary>
    public static bool IsDnsSubdomain(string name) => IsDnsDomain(name);

    /// <summary>A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static bool IsLabelKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        return (slash < 0 || IsDnsSubdomain(key[..slash])) && name.Length is > 0 and <= 63 && IsLabelValue(name);
    }

    /// <summary>Label values: at most 63 of alphanumerics, '-', '_' or '.', alphanumeric at both ends.</summary>
    public static bool IsLabelValue(string value) => value.Length <= 63 && LabelValue().IsMatch(value);

    /// <summary>A DNS hostname (for AWS load balancers or static gateway names).</summary>
    public static bool IsHostname(string name) =>
        name.Length <= 253 && name.Split('.') is { Length: >= 2 } labels && labels.All(IsDns1123Label);

    /// <summary>A protobuf duration as Istio's CRDs take it: a whole number of h, m, s or ms.</summary>
    public static bool IsDuration(string text) => Duration().IsMatch(text);

    [GeneratedRegex(@"^[1-9][0-9]{0,8}(h|m|s|ms)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    // Anchored with \z, not $: in .NET '$' also matches before a final '\n', which let "cluster1\n" pass.
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
