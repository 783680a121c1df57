using System.Collections.Immutable;
using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Tests.Dns;

public sealed class CorefileEditorValidationTests
{
    public static TheoryData<string> NotDnsNames => new()
    {
        "",
        " ",
        "global.",
        ".global",
        "a..global",
        "-global",
        "global-",
        "glo bal",
        "glo_bal",
        "globäl",
        "240.0.0.1",
        "global:53",
        new string('a', 64),
        string.Join('.', Enumerable.Repeat(new string('a', 63), 4)),
    };

    [Theory]
    [MemberData(nameof(NotDnsNames))]
    public void EveryEntryPointRefusesADomainThatIsNotADnsName(string domain)
    {
        var block = new MeshDnsBlock(domain, ImmutableArray<HostsEntry>.Empty);

        Assert.Throws<ArgumentException>(() => CorefileEditor.Apply(Corefiles.KubeadmDefault, block));
        Assert.Throws<ArgumentException>(() => CorefileEditor.RenderServerBlock(block));
        Assert.Throws<ArgumentException>(() => CorefileEditor.Remove(Corefiles.KubeadmDefault, domain));
        Assert.Throws<ArgumentException>(() => CorefileEditor.CustomServerKey(domain));
    }

    [Fact]
    public void ADomainErrorNamesTheDomainAndTheRule()
    {
        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.Remove("", "global."));

        Assert.Equal("globalDomain", error.ParamName);
        Assert.Equal(
            "Mesh domain 'global.' is not a DNS name (dot-separated labels of letters, digits and inner hyphens, no trailing dot). (Parameter 'globalDomain')",
            error.Message);
    }

    [Theory]
    [InlineData("240.0.0")]
    [InlineData("240.0.0.0.1")]
    [InlineData("256.0.0.1")]
    [InlineData("240.0.0.01")]
    [InlineData("240.0.0.-1")]
    [InlineData("240.0.0.1 ")]
    [InlineData("240.0..1")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("httpbin")]
    [InlineData("")]
    public void ApplyRefusesAnAddressThatIsNotDottedQuadIPv4(string address)
    {
        var block = Meshes.With(new HostsEntry(address, "httpbin.bar.global"));

        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.Apply(Corefiles.KubeadmDefault, block));

        Assert.Equal($"Hosts entry address '{address}' for 'httpbin.bar.global' is not a dotted-quad IPv4 address. (Parameter 'block')", error.Message);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.10")]
    public void ApplyAcceptsBoundaryIPv4Addresses(string address)
    {
        var applied = CorefileEditor.Apply("", Meshes.With(new HostsEntry(address, "httpbin.bar.global")));

        Assert.Contains($"        answer \"httpbin.bar.global. 30 IN A {address}\"\n", applied, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("httpbin bar.global")]
    [InlineData("httpbin..global")]
    [InlineData("httpbin.bar.global.")]
    [InlineData("*.bar.global")]
    [InlineData("")]
    public void ApplyRefusesAHostnameThatIsNotADnsName(string hostname)
    {
        var block = Meshes.With(new HostsEntry("240.0.0.2", hostname));

        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.RenderServerBlock(block));

        Assert.Equal($"Hosts entry hostname '{hostname}' is not a DNS name. (Parameter 'block')", error.Message);
    }

    [Theory]
    [InlineData("httpbin.bar.svc.cluster.local")]
    [InlineData("httpbin.bar.notglobal")]
    [InlineData("global.example")]
    public void ApplyRefusesAHostnameOutsideTheMeshDomain(string hostname)
    {
        var block = Meshes.With(new HostsEntry("240.0.0.2", hostname));

        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.Apply("", block));

        Assert.Equal(
            $"Hosts entry hostname '{hostname}' is outside the mesh domain 'global'; this block only answers names in that zone. (Parameter 'block')",
            error.Message);
    }

    [Fact]
    public void ApplyRefusesAHostnameListedTwice()
    {
        var block = Meshes.With(new HostsEntry("240.0.0.2", "httpbin.bar.global"), new HostsEntry("240.0.0.7", "HTTPBIN.bar.global"));

        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.Apply("", block));

        Assert.Equal("Hosts entry hostname 'httpbin.bar.global' appears more than once. (Parameter 'block')", error.Message);
    }

    [Fact]
    public void ApplyRefusesDefaultEntriesAndNullEntries()
    {
        Assert.Throws<ArgumentException>(() => CorefileEditor.Apply("", new MeshDnsBlock("global", default)));
        Assert.Throws<ArgumentException>(() => CorefileEditor.Apply("", new MeshDnsBlock("global", [null!])));
        Assert.Throws<ArgumentNullException>(() => CorefileEditor.Apply(null!, Meshes.Global));
        Assert.Throws<ArgumentNullException>(() => CorefileEditor.Apply("", null!));
        Assert.Throws<ArgumentNullException>(() => CorefileEditor.Remove(null!, "global"));
    }
}
