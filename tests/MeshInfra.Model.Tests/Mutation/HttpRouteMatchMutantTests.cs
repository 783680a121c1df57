using System.Collections.Immutable;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Which HTTP rule a request takes and the text a trace prints for it. Istio turns each match block into one
/// Envoy route (pilot/pkg/networking/core/route/route.go, TranslateRouteMatch and translateHeaderMatch via
/// util.ConvertToEnvoyMatch, 1.30.3 and 1.31.0-rc.0): a header prefix is a string prefix of the value.
/// </summary>
public sealed class HttpRouteMatchMutantTests
{
    private static readonly ImmutableArray<RouteDestination> ToCart = [new RouteDestination("cart.shop.svc.cluster.local", null, null, 0)];

    private static ImmutableSortedDictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal);

    [Fact]
    public void AHeaderPrefixHoldsForEveryValueStartingWithIt()
    {
        var condition = new HeaderCondition("x-user", "prefix", "beta-");
        Assert.True(condition.Holds(Headers(("x-user", "beta-tester"))));
        Assert.False(condition.Holds(Headers(("x-user", "alpha"))));
    }

    [Fact]
    public void ARouteBuiltWithoutUriConditionsSelectsByItsHeadersAlone()
    {
        var route = new HttpRouteView(0, [[new HeaderCondition("x-user", "exact", "jason")], [new HeaderCondition("x-user", "exact", "ann")]], ToCart);
        Assert.True(route.Selects(Headers(("x-user", "ann")), "/"));
        Assert.False(route.Selects(Headers(("x-user", "bob")), "/"));
        Assert.Equal("x-user exact 'jason' or x-user exact 'ann'", route.MatchText);
    }

    [Fact]
    public void ARuleWithoutMatchesReadsEveryRequest()
    {
        Assert.Equal("every request", new HttpRouteView(0, [], ToCart).MatchText);
    }

    [Fact]
    public void AnEmptyMatchBlockReadsEveryRequestBesideTheOthers()
    {
        var route = new HttpRouteView(0, [[], [new HeaderCondition("x-user", "exact", "jason")]], ToCart) { Uris = [null, null] };
        Assert.Equal("every request or x-user exact 'jason'", route.MatchText);
    }

    [Fact]
    public void TheUriConditionReadsFirstInItsBlock()
    {
        var route = new HttpRouteView(3, [[new HeaderCondition("x-user", "exact", "jason")]], ToCart) { Uris = [new UriCondition("prefix", "/status")] };
        Assert.Equal("uri prefix '/status' and x-user exact 'jason'", route.MatchText);
        Assert.True(route.Selects(Headers(("x-user", "jason")), "/status/1"));
        Assert.False(route.Selects(Headers(("x-user", "jason")), "/delay"));
    }
}
