namespace MeshInfra.Model.Dns;

/// <summary>
/// The narrow syntax the mesh's CoreDNS block accepts. Anything looser (underscores, trailing dots, IPv4
/// shorthand like <c>10.1</c>) would either be read differently by CoreDNS or produce a second spelling of
/// the same name, which breaks finding MeshInfra's block again.
/// </summary>
internal static class DnsSyntax
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>RFC 1123 host name syntax, no trailing dot, and a non-numeric last label so an IPv4 address never passes as a name.</summary>
    public static bool IsDnsName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxNameLength)
        {
            return false;
        }

        var labels = value.Split('.');
        foreach (var label in labels)
        {
            if (!IsLabel(label))
            {
                return false;
            }
        }

        return !labels[^1].All(char.IsAsciiDigit);
    }

    /// <summary>Dotted-quad only, without leading zeros, which some resolvers read as octal.</summary>
    public static bool IsIPv4(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            if (int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="zone"/> or below it; both already lower case.</summary>
    public static bool IsInZone(string name, string zone) =>
        name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
