using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// A spec tree that a plan shares among clusters is parsed once, but each cluster's copy names its own object; and
/// a match block's uri or header shapes that the model does not turn into conditions do not stop the parse. An
/// empty <c>uri: {}</c> gives Envoy no path specifier but Istio's default prefix "/" (pilot/pkg/networking/core/route/
/// route.go, TranslateRouteMatch: no case of the uri's MatchType applies, 1.30.3 and 1.31.0-rc.0), so it holds
/// for every path.
/// </summary>
public sealed class ParseCacheMutantTests
{
    private static readonly DocReader Read = new(v => v.Placeholder);

    private static MapNode Spec(string json) => Support.ObjectText.Parse(json);

    [Fact]
    public void ASharedDestinationRuleTreeNamesEachClustersOwnObject()
    {
        var cache = new ParseCache();
        var spec = Spec("{ \"host\": \"cart.shop.global\", \"trafficPolicy\": { \"tls\": { \"mode\": \"ISTIO_MUTUAL\" } } }");
        cache.DestinationRule(spec, "shop", "cart", "c1", Read);
        Assert.Equal(new ObjectRef("c2", "DestinationRule", "shop", "cart"), cache.DestinationRule(spec, "shop", "cart", "c2", Read).Source);
    }

    [Fact]
    public void ASharedVirtualServiceTreeNamesEachClustersOwnObject()
    {
        var cache = new ParseCache();
        var spec = Spec("{ \"hosts\": [ \"cart.shop.global\" ], \"http\": [ { \"route\": [ { \"destination\": { \"host\": \"cart.shop.global\" } } ] } ] }");
        cache.VirtualService(spec, "shop", "cart", "c1", Read);
        Assert.Equal(new ObjectRef("c2", "VirtualService", "shop", "cart"), cache.VirtualService(spec, "shop", "cart", "c2", Read)?.Source);
    }

    [Fact]
    public void AnEmptyUriMatchHoldsForEveryPath()
    {
        var spec = Spec("{ \"hosts\": [ \"cart\" ], \"http\": [ { \"match\": [ { \"uri\": { } } ], \"route\": [ { \"destination\": { \"host\": \"cart\" } } ] } ] }");
        var rule = Assert.Single(new ParseCache().VirtualService(spec, "shop", "cart", "c1", Read)!.Http);
        Assert.True(rule.Selects(new Dictionary<string, string>(), "/anything"));
    }

    [Fact]
    public void AHeaderMatchThatIsNotAMapIsSkippedAndTheOthersStillHold()
    {
        var spec = Spec("{ \"hosts\": [ \"cart\" ], \"http\": [ { \"match\": [ { \"headers\": { \"x-odd\": \"jason\", \"x-user\": { \"exact\": \"jason\" } } } ], \"route\": [ { \"destination\": { \"host\": \"cart\" } } ] } ] }");
        var rule = Assert.Single(new ParseCache().VirtualService(spec, "shop", "cart", "c1", Read)!.Http);
        Assert.Equal("x-user exact 'jason'", rule.MatchText);
    }

    /// <summary>
    /// <c>x-user: {}</c> passes Istio's validation (only a null match is rejected: pkg/config/validation/virtualservice.go,
    /// validateHTTPRouteMatchRequest) and becomes Envoy's present_match (route.go, translateHeaderMatch with
    /// canBeConvertedToPresentMatch, 1.30.3 and 1.31.0-rc.0): the header must be there, with any value.
    /// </summary>
    [Fact]
    public void AHeaderMatchWithoutAKindHoldsWhenTheHeaderIsPresentWithAnyValue()
    {
        var spec = Spec("{ \"hosts\": [ \"cart\" ], \"http\": [ { \"match\": [ { \"headers\": { \"x-user\": { } } } ], \"route\": [ { \"destination\": { \"host\": \"cart\" } } ] } ] }");
        var rule = Assert.Single(new ParseCache().VirtualService(spec, "shop", "cart", "c1", Read)!.Http);
        Assert.True(rule.Selects(new Dictionary<string, string> { ["x-user"] = "" }, "/"));
        Assert.True(rule.Selects(new Dictionary<string, string> { ["x-user"] = "jason" }, "/"));
        Assert.False(rule.Selects(new Dictionary<string, string> { ["x-other"] = "jason" }, "/"));
        Assert.Equal("x-user present", rule.MatchText);
    }
}
