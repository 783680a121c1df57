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
        if (Ipv4Address.TryParse(text, out _))
        {
            return null;
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
}
