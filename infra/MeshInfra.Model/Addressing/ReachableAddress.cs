using System.Globalization;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Addressing;

/// <summary>
/// What other clusters can dial: an IPv4 address or a DNS host name. One check for the config
/// (gateway address, nodeAddress) and the CLI's --set, so both refuse the same impossible values.
/// </summary>
public static class ReachableAddress
{
    /// <summary>Null when <paramref name="text"/> is an IPv4 address or a host name; else what is wrong, for an error after the key.</summary>
    public static string? Problem(string text)
    {
        if (Ipv4Address.TryParse(text, out var ip))
        {
            return Undialable(ip) is { } why ? $"{ip} is {why}, which no other cluster can dial; give the address other clusters reach the gateway at" : null;
        }

        var clipped = ConfigKeyPath.Clip(text);
        var last = text[(text.LastIndexOf('.') + 1)..];
        // A name whose last label is all digits is an IPv4 address written wrong (999.1.1.1, 10.0.0.256,
        // 1.2.3): DNS never resolves it as a name (RFC 3696, section 2), so it cannot work either way.
        if (last.Length > 0 && last.All(char.IsAsciiDigit))
        {
            return $"'{clipped}' is not an IPv4 address: give four numbers from 0 to 255 without leading zeros, such as 203.0.113.7";
        }

        if (text.Length > 253)
        {
            return $"is a host name of {text.Length.ToString(CultureInfo.InvariantCulture)} characters; a DNS name is at most 253";
        }

        return Names.IsHostname(text) ? null : $"'{clipped}' is neither an IPv4 address nor a DNS hostname";
    }

    /// <summary>
    /// A private address (RFC 1918, or the shared range of RFC 6598): dialable from another cluster
    /// only where the networks are joined (a VPN, peering, one Docker network). Null for others.
    /// </summary>
    public static string? PrivateRange(string text) =>
        !Ipv4Address.TryParse(text, out var ip) ? null
        : In(ip, 0x0A000000, 8) ? "10.0.0.0/8"
        : In(ip, 0xAC100000, 12) ? "172.16.0.0/12"
        : In(ip, 0xC0A80000, 16) ? "192.168.0.0/16"
        : In(ip, 0x64400000, 10) ? "100.64.0.0/10"
        : null;

    /// <summary>Ranges a packet from another host can never reach a gateway at (RFC 1122, RFC 3927, RFC 5771, RFC 1112).</summary>
    private static string? Undialable(Ipv4Address ip) =>
        In(ip, 0x00000000, 8) ? "in 0.0.0.0/8 (this host, unspecified)"
        : In(ip, 0x7F000000, 8) ? "a loopback address (127.0.0.0/8)"
        : In(ip, 0xA9FE0000, 16) ? "a link-local address (169.254.0.0/16)"
        : In(ip, 0xE0000000, 4) ? "a multicast address (224.0.0.0/4)"
        : In(ip, 0xF0000000, 4) ? "in the reserved range 240.0.0.0/4 (where the mesh's own service addresses live)"
        : null;

    private static bool In(Ipv4Address ip, uint network, int bits) => (ip.Value >> (32 - bits)) == (network >> (32 - bits));
}
