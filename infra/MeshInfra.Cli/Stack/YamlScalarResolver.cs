using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Decides what JSON value a YAML scalar of a stack file stands for, the way Pulumi reads structured
/// config: quoted and block scalars are text; a plain scalar is null, a boolean or an integer when it
/// spells one in YAML 1.2's core schema, and text otherwise. Floats stay text on purpose, so an
/// unquoted <c>version: 1.30</c> reaches the model as "1.30", not 1.3.
/// </summary>
public static class YamlScalarResolver
{
    private const string StringTag = "tag:yaml.org,2002:str";

    public static object? Resolve(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || IsStringTag(scalar))
        {
            return text;
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
        }

        return TryInteger(text, out var number) ? number : text;
    }

    private static bool IsStringTag(YamlScalarNode scalar) =>
        !scalar.Tag.IsEmpty && (scalar.Tag.IsNonSpecific || scalar.Tag.Value == StringTag);

    private static bool TryInteger(string text, out long number)
    {
        number = 0;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return text.Length > 2 && text[2..].All(char.IsAsciiHexDigit)
                && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number) && number >= 0;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            if (text.Length == 2 || !text[2..].All(c => c is >= '0' and <= '7'))
            {
                return false;
            }

            try
            {
                number = Convert.ToInt64(text[2..], 8);
                return number >= 0;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }
}
