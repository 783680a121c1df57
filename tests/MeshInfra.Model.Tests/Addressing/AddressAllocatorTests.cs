using System.Collections.Immutable;
using MeshInfra.Model.Addressing;

namespace MeshInfra.Model.Tests.Addressing;

public sealed class AddressAllocatorTests
{
    private static readonly Ipv4Cidr Pool = new(new Ipv4Address(0xF0000000), 16);
    private static readonly ImmutableDictionary<string, Ipv4Address> NoPins = ImmutableDictionary<string, Ipv4Address>.Empty;

    [Fact]
    public void AHostWithoutCompetitionTakesItsHomeSlotWhateverElseIsThere()
    {
        var alone = AddressAllocator.Allocate(Pool, ["httpbin.bar.global"], NoPins);
        var crowded = AddressAllocator.Allocate(Pool, ["reviews.default.global", "httpbin.bar.global", "ratings.default.global"], NoPins);
        Assert.Equal(AddressAllocator.HomeSlot(Pool, "httpbin.bar.global"), alone["httpbin.bar.global"]);
        Assert.Equal(alone["httpbin.bar.global"], crowded["httpbin.bar.global"]);
    }

    [Fact]
    public void HomeSlotIsAFixedFunctionOfTheHostName()
    {
        // FNV-1a 64 checked independently (python). Pinned so that a change of hash (which would move every address in every mesh) fails loudly.
        Assert.Equal("240.0.18.109", AddressAllocator.HomeSlot(Pool, "httpbin.bar.global").ToString());
    }

    [Fact]
    public void PinnedAddressesWinAndOthersProbeAroundThem()
    {
        var home = AddressAllocator.HomeSlot(Pool, "a.ns.global");
        var result = AddressAllocator.Allocate(Pool, ["a.ns.global", "b.ns.global"], new Dictionary<string, Ipv4Address> { ["b.ns.global"] = home });
        Assert.Equal(home, result["b.ns.global"]);
        Assert.Equal(new Ipv4Address(home.Value + 1), result["a.ns.global"]);
    }

    [Fact]
    public void FirstAndLastAddressOfThePoolStayFree()
    {
        var pool = new Ipv4Cidr(new Ipv4Address(0xF0000000), 30);
        var result = AddressAllocator.Allocate(pool, ["a.x.global", "b.x.global"], NoPins);
        Assert.Equal(["240.0.0.1", "240.0.0.2"], result.Values.Select(a => a.ToString()).Order());
    }

    [Fact]
    public void APreviousAddressOutsideTheNewPoolIsReallocated()
    {
        var previous = new Dictionary<string, Ipv4Address> { ["a.x.global"] = new(0xF1000005) };
        var result = AddressAllocator.Allocate(Pool, ["a.x.global"], NoPins, previous);
        Assert.Equal(AddressAllocator.HomeSlot(Pool, "a.x.global"), result["a.x.global"]);
    }

    [Theory]
    [InlineData("240.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("240.0.0.01", false)]
    [InlineData("240.0.0", false)]
    [InlineData("240.0.0.256", false)]
    [InlineData("a.b.c.d", false)]
    public void Ipv4ParsingIsStrict(string text, bool valid)
    {
        Assert.Equal(valid, Ipv4Address.TryParse(text, out var address));
        if (valid)
        {
            Assert.Equal(text, address.ToString());
        }
    }
}
