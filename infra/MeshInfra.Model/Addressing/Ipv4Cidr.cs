using System.Globalization;

namespace MeshInfra.Model.Addressing;

/// <summary>An IPv4 prefix such as <c>240.0.0.0/16</c>.</summary>
public readonly record struct Ipv4Cidr(Ipv4Address Network, int PrefixLength)
{
    /// <summary>The class-E range that never routes on the internet, so mesh-only addresses cannot clash.</summary>
    public static readonly Ipv4Cidr ClassE = new(new Ipv4Address(0xF0000000), 4);

    public uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);

    public ulong Size => 1UL << (32 - PrefixLength);

    public Ipv4Address First => Network;

    public Ipv4Address Last => new(Network.Value | ~Mask);

    public bool Contains(Ipv4Address address) => (address.Value & Mask) == Network.Value;

    public bool Contains(Ipv4Cidr other) => other.PrefixLength >= PrefixLength && Contains(other.Network);

    public static bool TryParse(string text, out Ipv4Cidr cidr, out bool hostBitsSet)
    {
        cidr = default;
        hostBitsSet = false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !Ipv4Address.TryParse(text[..slash], out var network)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            return false;
        }

        cidr = new Ipv4Cidr(network, prefix);
        hostBitsSet = (network.Value & ~cidr.Mask) != 0;
        return true;
    }

    public override string ToString() => $"{Network}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
