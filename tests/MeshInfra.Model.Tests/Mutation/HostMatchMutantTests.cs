using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Host matching the Stryker run over Traffic/HostMatch.cs and GatewayHosts.cs (issue 17, docs/quality.md)
/// left untested: Istio's own cases for Name.SubsetOf (pkg/config/host/name_test.go, TestNameSubsetOf) and
/// MostSpecificHostMatch (pilot/pkg/model/config_test.go, TestMostSpecificHostMatch), both at 1.30.3 and
/// 1.31.0-rc.0, and the virtual host Envoy picks for a Host header on a gateway.
/// </summary>
public sealed class HostMatchMutantTests
{
    /// <summary>TestNameSubsetOf, every case, in its order.</summary>
    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "foo.com", false)]
    [InlineData("foo.com", "", false)]
    [InlineData("foo.com", "foo.com", true)]
    [InlineData("bar.com", "foo.com", false)]
    [InlineData("foo.com", "bar.com", false)]
    [InlineData("bar.foo.com", "foo.com", false)]
    [InlineData("foo.com", "bar.foo.com", false)]
    [InlineData("foo.com", "*.com", true)]
    [InlineData("bar.com", "*.com", true)]
    [InlineData("bar.foo.com", "*.foo.com", true)]
    [InlineData("foo.com", "*", true)]
    [InlineData("*.com", "*", true)]
    [InlineData("com", "*", true)]
    [InlineData("*", "*", true)]
    [InlineData("", "*", true)]
    [InlineData("*.foo.com", "*.com", true)]
    [InlineData("*.foo.com", "foo.com", false)]
    [InlineData("*.foo.bar.baz", "baz", false)]
    [InlineData("foo.bar.baz", "*.baz", true)]
    public void SubsetOfAgreesWithIstiosTestNameSubsetOf(string host, string of, bool subset) =>
        Assert.Equal(subset, HostMatch.SubsetOf(host, of));

    /// <summary>
    /// Name.SubsetOf with both names wildcards compares what follows each <c>*</c>: a wildcard is never within
    /// a longer one (the <c>len(n) &lt; len(o)</c> case), even where the longer one's tail is the shorter name.
    /// </summary>
    [Fact]
    public void AWildcardIsNotWithinALongerWildcard()
    {
        Assert.False(HostMatch.SubsetOf("*.com", "**.com"));
        Assert.True(HostMatch.SubsetOf("**.com", "*.com"));
    }

    /// <summary>TestMostSpecificHostMatch, every case: the candidates (comma-separated), the needle, the host picked ("" for none).</summary>
    [Theory]
    [InlineData("", "*", "")]
    [InlineData("*.foo.com,*.com", "bar.foo.com", "*.foo.com")]
    [InlineData("*.foo.com,*.com", "foo.com", "*.com")]
    [InlineData("foo.com,*.com", "*.foo.com", "*.com")]
    [InlineData("*.foo.com,foo.com", "foo.com", "foo.com")]
    [InlineData("*.foo.com,foo.com", "*.foo.com", "*.foo.com")]
    [InlineData("bar.com,foo.com", "*.com", "")]
    [InlineData("bar.com,*.foo.com", "*foo.com", "")]
    [InlineData("foo.com,*.foo.com", "*foo.com", "")]
    [InlineData("*.bar.com,foo.bar.com", "foo.bar.com", "foo.bar.com")]
    [InlineData("*.foo.bar.com,bar.foo.bar.com", "bar.foo.bar.com", "bar.foo.bar.com")]
    [InlineData("bar.foo.com,foo.bar.com", "*.foo.com", "")]
    [InlineData("foo.bar.foo.com,bar.foo.bar.com", "*.bar.foo.com", "")]
    public void MostSpecificAgreesWithIstiosTestMostSpecificHostMatch(string candidates, string needle, string picked) =>
        Assert.Equal(picked, HostMatch.MostSpecific(needle, candidates.Split(',', StringSplitOptions.RemoveEmptyEntries), h => h) ?? "");

    /// <summary>
    /// mostSpecificHostWildcardMatch (pilot/pkg/model/config.go) tests a plain needle whole against what follows
    /// each wildcard's <c>*</c>, and a wildcard needle without its own <c>*</c>: <c>*example.com</c> (a valid
    /// host: ValidateWildcardDomain lets <c>*</c> start the first label) holds <c>example.com</c>, and a
    /// <c>*</c> needle is matched only by the wildcards whose tail it ends with.
    /// </summary>
    [Fact]
    public void AWildcardsTailIsComparedWithTheWholePlainNeedleAndTheWildcardNeedlesTail()
    {
        Assert.Equal("*example.com", HostMatch.MostSpecific("example.com", ["*.com.org", "*example.com"], h => h));
        Assert.Null(HostMatch.MostSpecific("*.foo.com", ["**.foo.com"], h => h));
        Assert.Equal("*", HostMatch.MostSpecific("*.foo.com", ["**.foo.com", "*"], h => h));
    }

    /// <summary>
    /// Envoy's domain wildcards do not match the empty string (route_components.proto, VirtualHost.domains):
    /// <c>*.example.com</c> takes <c>a.example.com</c> but not <c>.example.com</c>.
    /// </summary>
    [Fact]
    public void AWildcardDomainNeedsAtLeastOneCharacterBeforeItsTail()
    {
        Assert.Equal("*.example.com", GatewayHosts.VirtualHost(["*.example.com"], "a.example.com"));
        Assert.Null(GatewayHosts.VirtualHost(["*.example.com"], ".example.com"));
        Assert.Equal("*", GatewayHosts.VirtualHost(["*.example.com", "*"], ".example.com"));
    }

    /// <summary>
    /// The Host Envoy looks a virtual host up with on a gateway route (ignore_port_in_host_matching): cut at the
    /// last colon unless a <c>]</c> follows it, the port not checked (RouteMatcher::findVirtualHost over
    /// HeaderUtility::getPortStart; the Host values are those of Envoy's header_utility_test.cc HasHost).
    /// </summary>
    [Theory]
    [InlineData("localhost", "localhost")]
    [InlineData("localhost:443", "localhost")]
    [InlineData("", "")]
    [InlineData(":443", "")]
    [InlineData("192.168.1.1", "192.168.1.1")]
    [InlineData("192.168.1.1:443", "192.168.1.1")]
    [InlineData("[fc00::1]:443", "[fc00::1]")]
    [InlineData("[fc00::1]", "[fc00::1]")]
    [InlineData("httpbin.example.com:abc", "httpbin.example.com")]
    [InlineData("8080", "8080")]
    public void ThePortIsCutAsEnvoysVirtualHostLookupCutsIt(string authority, string host) =>
        Assert.Equal(host, GatewayHosts.StripPort(authority));

    /// <summary>The same cut decides the virtual host: <c>:443</c> is the empty host, which only <c>*</c> takes.</summary>
    [Fact]
    public void AHostOfOnlyAPortFindsOnlyTheCatchAll()
    {
        Assert.Null(GatewayHosts.VirtualHost([":443", "*443"], ":443"));
        Assert.Equal("*", GatewayHosts.VirtualHost([":443", "*443", "*"], ":443"));
        Assert.Equal("httpbin.example.com", GatewayHosts.VirtualHost(["httpbin.example.com"], "HTTPBIN.example.com:abc"));
    }
}
