using System.Globalization;
using System.Text.RegularExpressions;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A gateway host name and how many addresses DNS gives for it (<c>--resolves HOST=N</c>): Envoy makes each
/// address a host of the endpoint's STRICT_DNS cluster, so a load balancer name with 3 addresses takes three
/// parts where a single IP takes one. Validated where it is built, so the CLI and tests get the same text.
/// </summary>
public sealed partial record ResolvedName(string Host, int Addresses)
{
    public const string Flag = "--resolves";

    public static ResolvedName Parse(string text)
    {
        var equals = text.LastIndexOf('=');
        var host = equals > 0 ? text[..equals].ToLowerInvariant() : "";
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        if (host.Length == 0 || host.Length > 253 || !DnsName().IsMatch(host)
            || !int.TryParse(text[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 64)
        {
            throw new ArgumentException($"{Flag} '{shown}': expected HOST=N, a gateway's DNS name and the number of addresses it resolves to (1 to 64), e.g. {Flag} a1b2.elb.eu-west-1.amazonaws.com=3");
        }

        return new ResolvedName(host, count);
    }

    /// <summary>A DNS name of at least two labels, letters, digits and '-' (an IP address is one host, never resolved).</summary>
    public static bool IsDnsName(string text) => DnsName().IsMatch(text) && !System.Net.IPAddress.TryParse(text, out _);

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsName();
}
