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
                hosts {
                    240.0.0.2 httpbin.bar.global
                    240.0.0.3 reviews.default.global
                    fallthrough
                }
                forward . /etc/resolv.conf
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
                    hosts {
                        240.0.0.2 a-b.global
                        240.0.0.3 a.global
                        240.0.0.4 a1.global
                        240.0.0.1 b.global
                        fallthrough
                    }
                    forward . /etc/resolv.conf
                }

                """),
            CorefileEditor.RenderServerBlock(block));
    }

    [Fact]
    public void RenderServerBlockWithNoEntriesStillFallsThrough()
    {
        Assert.Equal(
            "global:53 {\n    errors\n    cache 30\n    hosts {\n        fallthrough\n    }\n    forward . /etc/resolv.conf\n}\n",
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
