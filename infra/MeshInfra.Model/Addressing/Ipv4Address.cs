using System.Globalization;

namespace MeshInfra.Model.Addressing;

/// <summary>An IPv4 address as a 32-bit number, so pool arithmetic is exact and cheap.</summary>
public readonly record struct Ipv4Address(uint Value) : IComparable<Ipv4Address>
{
    public static bool TryParse(string text, out Ipv4Address address)
    {
        address = default;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        uint value = 0;
        foreach (var part in parts)
        {
            // Leading zeros are refused: "010" reads as octal to some tools and decimal to others.
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            var octet = uint.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            value = (value << 8) | octet;
        }

        address = new Ipv4Address(value);
        return true;
    }

    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Value >> 24}.{(Value >> 16) & 255}.{(Value >> 8) & 255}.{Value & 255}");
}
