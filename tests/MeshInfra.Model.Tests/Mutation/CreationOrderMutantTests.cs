using System.Collections.Immutable;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// istiod's first-wins order (issue 17, Traffic/CreationOrder.cs). Istio 1.30.3 pilot/pkg/model/config.go,
/// sortConfigByCreationTime: creation time, then name, then namespace (1.31.0-rc.0: configCompareByCreationTime,
/// the same keys). It is a strict order: an object never comes before itself, which doctor's "does anything
/// already there come before ours" (RouteShadowCheck, <c>order &lt; route.Order</c>) relies on.
/// </summary>
[Collection(MachineTimeZoneCollection.Name)]
public sealed class CreationOrderMutantTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnObjectNeitherPrecedesNorFollowsItself()
    {
        var ours = new CreationOrder(Nine, "reviews", "istio-system");
        var same = new CreationOrder(Nine, "reviews", "istio-system");
        Assert.False(ours < same);
        Assert.False(ours > same);
        Assert.True(ours <= same);
        Assert.True(ours >= same);
    }

    [Fact]
    public void TheOlderComesFirstThenTheNameThenTheNamespace()
    {
        (CreationOrder First, CreationOrder Second)[] pairs =
        [
            (new(Nine, "z", "z"), new(Nine.AddSeconds(1), "a", "a")),
            (new(Nine, "a", "z"), new(Nine, "b", "a")),
            (new(Nine, "a", "a"), new(Nine, "a", "b")),
            (new(Nine, "z", "z"), new(null, "a", "a")),
        ];
        foreach (var (first, second) in pairs)
        {
            Assert.True(first < second, $"{first} < {second}");
            Assert.True(first <= second, $"{first} <= {second}");
            Assert.False(first > second, $"{first} > {second}");
            Assert.False(first >= second, $"{first} >= {second}");
            Assert.True(second > first, $"{second} > {first}");
            Assert.True(second >= first, $"{second} >= {first}");
            Assert.False(second < first, $"{second} < {first}");
            Assert.False(second <= first, $"{second} <= {first}");
        }
    }

    /// <summary>
    /// The API server writes creationTimestamp in UTC with a Z (metav1.Time); a file of objects may hold one without
    /// an offset. The model reads it as UTC wherever it runs, so the same objects give the same route on every
    /// machine: here the offset-less 09:00 is newer than 05:00Z, and the older z-utc wins, in Tokyo as in London.
    /// </summary>
    [Theory]
    [InlineData("UTC")]
    [InlineData("Asia/Tokyo")]
    [InlineData("America/New_York")]
    public void ATimestampWithoutAnOffsetIsUtcOnEveryMachine(string zone)
    {
        var before = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", zone);
        TimeZoneInfo.ClearCachedData();
        try
        {
            var cluster = new TrafficModel(
                [new ClusterState("c1", null, [VirtualService("a-local", "a", "2026-12-01T09:00:00"), VirtualService("z-utc", "z", "2026-12-01T05:00:00Z")], ImmutableSortedDictionary<string, MapNode>.Empty, null)],
                [],
                TrafficFixture.Placeholder,
                "1.30.3").Clusters["c1"];
            Assert.Equal(zone == "UTC" ? TimeSpan.Zero : TimeZoneInfo.FindSystemTimeZoneById(zone).GetUtcOffset(Nine), TimeZoneInfo.Local.GetUtcOffset(Nine));
            Assert.Equal("z/z-utc", cluster.VirtualServiceFor("shop.example.com", "client") is { } vs ? $"{vs.Namespace}/{vs.Source.Name}" : null);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", before);
            TimeZoneInfo.ClearCachedData();
        }
    }

    private static MapNode VirtualService(string name, string ns, string created) =>
        MapNode.Of(
            ("apiVersion", "networking.istio.io/v1"),
            ("kind", "VirtualService"),
            ("metadata", MapNode.Of(("name", name), ("namespace", ns), ("creationTimestamp", created))),
            ("spec", MapNode.Of(("hosts", ListNode.Of("shop.example.com")))));
}
