using System.Text.RegularExpressions;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// A header condition of an HTTP match (exact, prefix or regex). Envoy matches a regex against the
/// whole value (RE2 full match), which is why the pattern is anchored here. A header given with no kind
/// (<c>x-user: {}</c>) only has to be present: Istio turns a StringMatch without a match type into Envoy's
/// present_match (pilot/pkg/networking/core/route/route.go, translateHeaderMatch and canBeConvertedToPresentMatch,
/// 1.30.3 and 1.31.0-rc.0; validation rejects only a null one, pkg/config/validation/virtualservice.go,
/// validateHTTPRouteMatchRequest).
/// </summary>
public sealed record HeaderCondition(string Header, string Kind, string Value)
{
    /// <summary>The kind of a header condition given with no match type: the header only has to be present.</summary>
    public const string Present = "present";

    public bool Holds(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue(Header.ToLowerInvariant(), out var actual))
        {
            return false;
        }

        return Kind switch
        {
            Present => true,
            "exact" => actual == Value,
            "prefix" => actual.StartsWith(Value, StringComparison.Ordinal),
            "regex" => Regex.IsMatch(actual, $"^(?:{Value})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
            _ => false,
        };
    }

    public override string ToString() => Kind == Present ? $"{Header} present" : $"{Header} {Kind} '{Value}'";
}
