using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// One HTTP route of a VirtualService: its match blocks (OR of blocks, AND of header conditions in
/// each; none means every request) and its destinations. <see cref="Uris"/> holds each block's
/// <c>uri</c> condition at the same index (null where the block has none).
/// </summary>
public sealed record HttpRouteView(int Index, ImmutableArray<ImmutableArray<HeaderCondition>> Matches, ImmutableArray<RouteDestination> Destinations)
{
    public ImmutableArray<UriCondition?> Uris { get; init; } = [];

    /// <summary>
    /// "redirect" or "direct response" when the rule answers the request itself; its destinations are then empty, as
    /// route.go TranslateRoute applies a redirect before a direct response and either instead of the route (1.30.3 and
    /// 1.31.0-rc.0). Null for a rule that forwards.
    /// </summary>
    public string? OwnAnswer { get; init; }

    /// <summary>
    /// The VirtualService (namespace/name) a root rule delegates to, whose http routes istiod merges in the rule's place
    /// (pilot/pkg/model/virtualservice_controller.go, mergeVirtualServices; virtualservice.go, MergeHTTPRoutes). Istio's
    /// validation admits a root rule with a delegate and neither route nor redirect (pkg/config/validation/virtualservice.go,
    /// validateHTTPRouteConflict), all at 1.30.3 and 1.31.0-rc.0. Not followed: a trace that takes such a rule says so.
    /// Null for a rule that answers itself or forwards.
    /// </summary>
    public string? Delegate { get; init; }

    /// <summary>The rule's <c>retries</c> as Envoy gets them (Istio's default policy where the rule has none).</summary>
    public RouteRetry Retries { get; init; } = RouteRetry.IstioDefault;

    /// <summary>True when some match block holds for the request (every block condition: headers and uri).</summary>
    public bool Selects(IReadOnlyDictionary<string, string> headers, string path) =>
        Matches.IsEmpty || Matches.Select((m, i) => (m, i)).Any(b => b.m.All(c => c.Holds(headers)) && (UriAt(b.i)?.Holds(path) ?? true));

    /// <summary>True when match block <paramref name="block"/> holds for the request (every request for a rule without blocks).</summary>
    public bool BlockSelects(int block, IReadOnlyDictionary<string, string> headers, string path) =>
        Matches.IsEmpty || (Matches[block].All(c => c.Holds(headers)) && (UriAt(block)?.Holds(path) ?? true));

    /// <summary>
    /// Whether match block <paramref name="block"/> becomes an Envoy route for every request: no header condition and
    /// a path of prefix <c>/</c> (no uri gives that too) or regex <c>.*</c> (route.go, TranslateRouteMatch and
    /// IsCatchAllRoute, 1.30.3 and 1.31.0-rc.0). A rule without blocks is one.
    /// </summary>
    public bool IsCatchAll(int block) =>
        Matches.IsEmpty || (Matches[block].IsEmpty && UriAt(block) is null or { Kind: "prefix", Value: "/" } or { Kind: "regex", Value: ".*" });

    public UriCondition? UriAt(int block) => block < Uris.Length ? Uris[block] : null;

    /// <summary>The match blocks as people read them: <c>uri prefix '/status' or uri prefix '/delay'</c>.</summary>
    public string MatchText => Matches.IsEmpty
        ? "every request"
        : string.Join(" or ", Matches.Select((m, i) => string.Join(" and ", m.Select(c => c.ToString()).Prepend(UriAt(i)?.ToString()).OfType<string>())).Select(t => t.Length == 0 ? "every request" : t));
}
