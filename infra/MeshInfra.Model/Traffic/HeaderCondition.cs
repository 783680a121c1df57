using System.Text.RegularExpressions;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A header condition of an HTTP match (exact, prefix or regex). Envoy matches a regex against the
/// whole value (RE2 full match), which is why the pattern is anchored here.
/// </summary>
public sealed record HeaderCondition(string Header, string Kind, string Value)
{
    public bool Holds(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue(Header.ToLowerInvariant(), out var actual))
        {
            return false;
        }

        return Kind switch
        {
            "exact" => actual == Value,
            "prefix" => actual.StartsWith(Value, StringComparison.Ordinal),
            "regex" => Regex.IsMatch(actual, $"^(?:{Value})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
            _ => false,
        };
    }

    public override string ToString() => $"{Header} {Kind} '{Value}'";
}
