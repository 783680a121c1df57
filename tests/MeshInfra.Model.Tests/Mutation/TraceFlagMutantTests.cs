using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over Traffic/ResolvedName.cs and ClientLocality.cs (issue 17, docs/quality-traffic.md)
/// showed no test had: which <c>--resolves</c> and <c>--client-locality</c> values are taken, what they change in
/// where requests land, and the exact error for the others (long input shortened to 80 characters).
/// </summary>
public sealed class TraceFlagMutantTests
{
    private const string Elb = "a1b2.elb.eu-west-1.amazonaws.com";

    private static readonly string[] Clusters = ["cluster1", "cluster2"];

    private static readonly string CartInEastAndWest = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"]", "\"clusters\": [\"east\", \"west\"]", StringComparison.Ordinal);

    private static string ResolvesError(string shown) =>
        $"--resolves '{shown}': expected HOST=N, a gateway's DNS name and the number of addresses it resolves to (1 to 64), e.g. --resolves a1b2.elb.eu-west-1.amazonaws.com=3";

    private static string LocalityError(string shown) =>
        $"--client-locality '{shown}': expected CLUSTER=REGION[/ZONE[/SUBZONE]] as the cluster's nodes carry them in topology.kubernetes.io/region and zone, e.g. --client-locality cluster1=eu-west-1/eu-west-1a";

    /// <summary>edge's requests to cart, with west's load balancer named <see cref="Elb"/> and <c>--resolves</c> given as typed.</summary>
    private static string EdgeToCart(string resolves)
    {
        string Resolve(Model.Planning.DeferredValue v) => v.Placeholder == "${west.gatewayAddress}" ? Elb : v.Placeholder;
        var model = MeshTraffic.FromPlan(Configs.Plan(CartInEastAndWest), Resolve).WithFailover([], [ResolvedName.Parse(resolves)]).Model(Resolve);
        return model.Trace(TrafficFixture.Request($"edge/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080)).SharesText;
    }

    [Fact]
    public void AResolvedNameWeighsAsManyHostsAsItHasAddressesFromOneToSixtyFour()
    {
        // east's gateway is one host; west's name is as many as it resolves to (STRICT_DNS), in one priority.
        Assert.Equal("east 50%, west 50%", EdgeToCart($"{Elb}=1"));
        Assert.Equal("east 1.54%, west 98.46%", EdgeToCart($"{Elb.ToUpperInvariant()}=64"));

        Assert.Equal(ResolvesError($"{Elb}=65"), Assert.Throws<ArgumentException>(() => ResolvedName.Parse($"{Elb}=65")).Message);
        Assert.Equal(ResolvesError($"{Elb}=0"), Assert.Throws<ArgumentException>(() => ResolvedName.Parse($"{Elb}=0")).Message);
    }

    [Theory]
    [InlineData(Elb)] // no '=' at all
    [InlineData("=3")] // no host
    [InlineData("elb_1.example.com=3")] // '_' is no letter of a DNS name
    [InlineData("elb.example.com.=3")] // an empty label
    public void AResolvesValueThatIsNotHostEqualsNIsTheFlagsError(string text) =>
        Assert.Equal(ResolvesError(text), Assert.Throws<ArgumentException>(() => ResolvedName.Parse(text)).Message);

    [Fact]
    public void AResolvedHostMayBeTwoHundredFiftyThreeCharactersAndNoMore()
    {
        // A DNS name is at most 253 characters without its final dot (255 octets on the wire): Go's resolver
        // drops a longer one (src/net/dnsclient_unix.go, nameList: l > 254 || l == 254 && !rooted).
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61);
        Assert.Equal(253, longest.Length);

        Assert.Equal(new ResolvedName(longest, 2), ResolvedName.Parse(longest + "=2"));

        // One character more, every label still of 63 at most: the length alone refuses it.
        var tooLong = longest + "b";
        var error = Assert.Throws<ArgumentException>(() => ResolvedName.Parse(tooLong + "=2")).Message;
        Assert.Equal(ResolvesError((tooLong + "=2")[..80] + "…"), error);
    }

    [Fact]
    public void ABadValueIsShownWholeUpToEightyCharactersAndCutAfter()
    {
        var eighty = new string('x', 78) + "=0";
        Assert.Equal(ResolvesError(eighty), Assert.Throws<ArgumentException>(() => ResolvedName.Parse(eighty)).Message);
        Assert.Equal(ResolvesError(eighty[..80] + "…"), Assert.Throws<ArgumentException>(() => ResolvedName.Parse(eighty + "0")).Message);
    }

    [Theory]
    [InlineData("cluster 1=eu-west-1")] // a cluster name Kubernetes' label rules refuse, even before the stack is asked
    [InlineData("cluster1=eu-west-1/eu west")] // every part must be a label value, not only one
    [InlineData("cluster1=eu-west-1/ eu-west-1a")]
    public void AClientLocalityWithAPartThatIsNoLabelValueIsTheFormatError(string text) =>
        Assert.Equal(LocalityError(text), Assert.Throws<ArgumentException>(() => ClientLocality.Parse(text, Clusters)).Message);

    [Fact]
    public void ALongClientLocalityIsShownCutAfterEightyCharacters()
    {
        var eighty = "cluster1=" + new string('r', 70) + "/";
        Assert.Equal(80, eighty.Length);
        Assert.Equal(LocalityError(eighty), Assert.Throws<ArgumentException>(() => ClientLocality.Parse(eighty, Clusters)).Message);
        Assert.Equal(LocalityError(eighty + "…"), Assert.Throws<ArgumentException>(() => ClientLocality.Parse(eighty + "/", Clusters)).Message);
    }

    [Fact]
    public void ARegionZoneAndSubzoneLocalityIsTakenAndDecidesWhatIsNearest()
    {
        // The node labels give region/zone/subzone (controller.go, getPodLocality, both tags); a client on
        // eu-west-1 nodes matches neither cluster's locality, so every endpoint is the same priority.
        var (_, traffic, _) = TrafficFixture.For(Configs.Seed);
        var given = ClientLocality.Parse("cluster2=eu-west-1/eu-west-1a/rack-7", Clusters);
        Assert.Equal(new ClientLocality("cluster2", "eu-west-1/eu-west-1a/rack-7"), given);

        var result = traffic.WithClientLocalities([given]).Model(TrafficFixture.Placeholder).Trace(TrafficFixture.Request("cluster2/bar/httpbin", "reviews.default.global", 9080));
        Assert.Equal("cluster1 v1 33.33%, cluster2 v2 33.33%, cluster2 v3 33.33%", result.SharesText);
    }
}
