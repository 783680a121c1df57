using System.Collections.Immutable;
using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Tests.Dns;

public sealed class CorefileEditorRenderTests
{
    [Fact]
    public void RenderServerBlockSortsEntriesByHostnameAndEndsWithANewline()
    {
        var expected = Golden.Lf("""
            global:53 {
                errors
                cache 30
                template IN A {
                    match ^httpbin[.]bar[.]global[.]$
                    answer "httpbin.bar.global. 30 IN A 240.0.0.2"
                    fallthrough
                }
                template IN A {
                    match ^reviews[.]default[.]global[.]$
                    answer "reviews.default.global. 30 IN A 240.0.0.3"
                    fallthrough
                }
                template ANY ANY {
                    match ^global[.]$ ^httpbin[.]bar[.]global[.]$ ^reviews[.]default[.]global[.]$
                    authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                    fallthrough
                }
                template ANY ANY {
                    rcode NXDOMAIN
                    authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                }
            }

            """);

        Assert.Equal(expected, CorefileEditor.RenderServerBlock(Meshes.Global));
    }

    [Fact]
    public void RenderServerBlockSortsOrdinallyNotByCulture()
    {
        var block = Meshes.With(
            new HostsEntry("240.0.0.1", "b.global"),
            new HostsEntry("240.0.0.2", "a-b.global"),
            new HostsEntry("240.0.0.3", "a.global"),
            new HostsEntry("240.0.0.4", "a1.global"));

        // Ordinal: '-' (0x2D) < '.' (0x2E) < '1' (0x31); a culture-aware sort would ignore the hyphen.
        Assert.Equal(
            Golden.Lf("""
                global:53 {
                    errors
                    cache 30
                    template IN A {
                        match ^a-b[.]global[.]$
                        answer "a-b.global. 30 IN A 240.0.0.2"
                        fallthrough
                    }
                    template IN A {
                        match ^a[.]global[.]$
                        answer "a.global. 30 IN A 240.0.0.3"
                        fallthrough
                    }
                    template IN A {
                        match ^a1[.]global[.]$
                        answer "a1.global. 30 IN A 240.0.0.4"
                        fallthrough
                    }
                    template IN A {
                        match ^b[.]global[.]$
                        answer "b.global. 30 IN A 240.0.0.1"
                        fallthrough
                    }
                    template ANY ANY {
                        match ^global[.]$ ^a-b[.]global[.]$ ^a[.]global[.]$ ^a1[.]global[.]$ ^b[.]global[.]$
                        authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                        fallthrough
                    }
                    template ANY ANY {
                        rcode NXDOMAIN
                        authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                    }
                }

                """),
            CorefileEditor.RenderServerBlock(block));
    }

    [Fact]
    public void RenderServerBlockWithNoEntriesStillAnswersNxdomainForEveryName()
    {
        Assert.Equal(
            "global:53 {\n    errors\n    cache 30\n"
            + "    template ANY ANY {\n        match ^global[.]$\n        authority \"global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30\"\n        fallthrough\n    }\n"
            + "    template ANY ANY {\n        rcode NXDOMAIN\n        authority \"global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30\"\n    }\n}\n",
            CorefileEditor.RenderServerBlock(new MeshDnsBlock("global", ImmutableArray<HostsEntry>.Empty)));
    }

    [Fact]
    public void RenderServerBlockIsExactlyWhatApplyPutsBetweenTheMarkers()
    {
        Assert.Equal(
            "# BEGIN meshinfra global\n" + CorefileEditor.RenderServerBlock(Meshes.Global) + "# END meshinfra global",
            Golden.GlobalRegion);
    }

    [Fact]
    public void RenderServerBlockDoesNotDependOnEntryOrder()
    {
        var reversed = Meshes.Global with { Entries = Meshes.Global.Entries.Reverse().ToImmutableArray() };

        Assert.Equal(CorefileEditor.RenderServerBlock(Meshes.Global), CorefileEditor.RenderServerBlock(reversed));
    }

    [Theory]
    [InlineData("global", "meshinfra-global.server")]
    [InlineData("mesh.example", "meshinfra-mesh.example.server")]
    [InlineData("Global", "meshinfra-global.server")]
    public void CustomServerKeyIsPrefixedAndEndsInDotServer(string domain, string expected)
    {
        var key = CorefileEditor.CustomServerKey(domain);

        Assert.Equal(expected, key);
        Assert.EndsWith(".server", key, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomServerKeyRefusesADomainThatWouldExceedTheConfigMapKeyLimit()
    {
        var longDomain = string.Join('.', Enumerable.Repeat(new string('a', 60), 4)); // 243 characters, a valid DNS name

        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.CustomServerKey(longDomain));

        Assert.Equal("globalDomain", error.ParamName);
        Assert.StartsWith("The coredns-custom key 'meshinfra-aaaa", error.Message, StringComparison.Ordinal);
    }
}
