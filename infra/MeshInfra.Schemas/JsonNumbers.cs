using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshInfra.Schemas;

/// <summary>
/// Reads numbers out of <see cref="JsonValue"/>s whatever backs them: a parsed document holds
/// <see cref="JsonElement"/>s, while objects built in code (the plan) and converted YAML hold CLR
/// values (int, long, double, ...), and <c>GetValue&lt;double&gt;()</c> does not convert between those.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>The value as a double, and whether it is a whole number (so JSON Schema's "integer").</summary>
    public static bool TryRead(JsonValue value, out double number, out bool integral)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            number = 0;
            integral = false;
            return false;
        }

        if (value.TryGetValue<JsonElement>(out var element))
        {
            return FromText(element.GetRawText(), out number, out integral);
        }

        if (value.TryGetValue<int>(out var i))
        {
            (number, integral) = (i, true);
            return true;
        }

        if (value.TryGetValue<long>(out var l))
        {
            (number, integral) = (l, true);
            return true;
        }

        if (value.TryGetValue<double>(out var d))
        {
            (number, integral) = (d, double.IsFinite(d) && Math.Floor(d) == d);
            return true;
        }

        // Anything rarer (decimal, float, short, uint, ...): its JSON text is exact.
        return FromText(value.ToJsonString(), out number, out integral);
    }

    /// <summary>The value as a double, or null when it is not a number.</summary>
    public static double? Read(JsonNode? node) =>
        node is JsonValue value && TryRead(value, out var number, out _) ? number : null;

    /// <summary>The value as an int, or null when it is not a whole number in range.</summary>
    public static int? ReadInt(JsonNode? node) =>
        node is JsonValue value && TryRead(value, out var number, out var integral) && integral && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : null;

    private static bool FromText(string text, out double number, out bool integral)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            number = (double)exact;
            integral = exact == decimal.Truncate(exact);
            return true;
        }

        // Beyond decimal's range: no longer exact, but still ordered correctly for min/max checks.
        number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        integral = double.IsFinite(number) && Math.Floor(number) == number;
        return true;
    }
}
