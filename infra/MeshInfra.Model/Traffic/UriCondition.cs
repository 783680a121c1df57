using System.Text.RegularExpressions;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The <c>uri</c> condition of an HTTP match. Istio turns it into Envoy's path specifier
/// (pilot/pkg/networking/core/route/route.go, TranslateRouteMatch, at 1.30.3 and 1.31.0-rc.0): exact into
/// <c>path</c>, prefix into <c>prefix</c> (a plain string prefix for a networking.istio.io VirtualService;
/// the path-separated form is only for objects converted from Ingress or the Gateway API), regex into
/// <c>safe_regex</c>, which Envoy matches against the whole path (RE2 full match). Envoy compares the path
/// without its query string.
/// </summary>
public sealed record UriCondition(string Kind, string Value)
{
    public bool Holds(string path)
    {
        var bare = path.Split('?', 2)[0];
        return Kind switch
        {
            "exact" => bare == Value,
            "prefix" => bare.StartsWith(Value, StringComparison.Ordinal),
            "regex" => Regex.IsMatch(bare, $"^(?:{Value})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
            _ => false,
        };
    }

    public override string ToString() => $"uri {Kind} '{Value}'";
}
