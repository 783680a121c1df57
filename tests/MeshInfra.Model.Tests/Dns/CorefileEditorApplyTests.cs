using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Tests.Dns;

public sealed class CorefileEditorApplyTests
{
    [Fact]
    public void ApplyAppendsTheMarkedBlockAfterTheKubeadmDefaultCorefile()
    {
        var expected = Golden.Lf("""
            .:53 {
                errors
                health {
                   lameduck 5s
                }
                ready
                kubernetes cluster.local in-addr.arpa ip6.arpa {
                   pods insecure
                   fallthrough in-addr.arpa ip6.arpa
                   ttl 30
                }
                prometheus :9153
                forward . /etc/resolv.conf {
                   max_concurrent 1000
                }
                cache 30 {
                   disable success cluster.local
                   disable denial cluster.local
                }
                loop
                reload
                loadbalance
            }
            # BEGIN meshinfra global
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
            # END meshinfra global

            """);

        Assert.Equal(expected, CorefileEditor.Apply(Corefiles.KubeadmDefault, Meshes.Global));
    }

    [Fact]
    public void ApplyAppendsTheMarkedBlockAfterTheOlderKubeadmCorefile()
    {
        Assert.Equal(
            Corefiles.KubeadmOlder + Golden.GlobalRegion + "\n",
            CorefileEditor.Apply(Corefiles.KubeadmOlder, Meshes.Global));
    }

    [Fact]
    public void ApplyAppendsAfterTheK3sTopLevelImportLine()
    {
        var expected = Golden.Lf("""
            .:53 {
                errors
                health
                ready
                kubernetes cluster.local in-addr.arpa ip6.arpa {
                  pods insecure
                  fallthrough in-addr.arpa ip6.arpa
                }
                hosts /etc/coredns/NodeHosts {
                  ttl 60
                  reload 15s
                  fallthrough
                }
                prometheus :9153
                forward . /etc/resolv.conf
                cache 30
                loop
                reload
                loadbalance
                import /etc/coredns/custom/*.override
            }
            import /etc/coredns/custom/*.server
            # BEGIN meshinfra global
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
            # END meshinfra global

            """);

        Assert.Equal(expected, CorefileEditor.Apply(Corefiles.K3sDefault, Meshes.Global));
    }

    [Fact]
    public void ApplyLeavesEverythingOutsideTheBlockByteForByte()
    {
        // Braces and "global:53 {" inside comments and quoted strings must neither count as blocks nor conflict.
        var applied = CorefileEditor.Apply(Corefiles.CommentsAndNesting, Meshes.Global);

        Assert.Equal(Corefiles.CommentsAndNesting + Golden.GlobalRegion + "\n", applied);
    }

    [Fact]
    public void ApplyKeepsCrlfOutsideTheBlockAndWritesTheBlockWithLf()
    {
        var applied = CorefileEditor.Apply(Corefiles.KubeadmCrlf, Meshes.Global);

        Assert.Equal(Corefiles.KubeadmCrlf + Golden.GlobalRegion + "\n", applied);
    }

    [Fact]
    public void ApplyToACorefileWithoutFinalNewlineSeparatesWithOneNewlineAndEndsWithoutOne()
    {
        var applied = CorefileEditor.Apply(".:53 {\n    forward . /etc/resolv.conf\n}", Meshes.Global);

        Assert.Equal(".:53 {\n    forward . /etc/resolv.conf\n}\n" + Golden.GlobalRegion, applied);
    }

    [Fact]
    public void ApplyToACorefileEndingInACommentWithoutNewlineKeepsTheBlockOutOfTheComment()
    {
        var applied = CorefileEditor.Apply(".:53 {\n}\n# trailing note", Meshes.Global);

        Assert.Equal(".:53 {\n}\n# trailing note\n" + Golden.GlobalRegion, applied);
    }

    [Fact]
    public void ApplyToAnEmptyCorefileYieldsJustTheMarkedBlock()
    {
        Assert.Equal(Golden.GlobalRegion + "\n", CorefileEditor.Apply("", Meshes.Global));
    }

    [Theory]
    [MemberData(nameof(Corefiles.Named), MemberType = typeof(Corefiles))]
    public void ApplyIsIdempotent(string name, string corefile)
    {
        var once = CorefileEditor.Apply(corefile, Meshes.Global);

        Assert.True(once == CorefileEditor.Apply(once, Meshes.Global), name);
    }

    [Fact]
    public void ApplyReplacesTheBlockInPlaceWhenEntriesChange()
    {
        // Someone added a server block after ours; the update must not move our block below it.
        var before = Golden.Lf("""
            .:53 {
                forward . /etc/resolv.conf
            }
            # BEGIN meshinfra global
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
            # END meshinfra global
            example.internal:53 {
                forward . 10.0.0.5
            }

            """);
        var expected = Golden.Lf("""
            .:53 {
                forward . /etc/resolv.conf
            }
            # BEGIN meshinfra global
            global:53 {
                errors
                cache 30
                template IN A {
                    match ^httpbin[.]bar[.]global[.]$
                    answer "httpbin.bar.global. 30 IN A 240.0.0.2"
                    fallthrough
                }
                template IN A {
                    match ^ratings[.]default[.]global[.]$
                    answer "ratings.default.global. 30 IN A 240.0.0.9"
                    fallthrough
                }
                template IN A {
                    match ^reviews[.]default[.]global[.]$
                    answer "reviews.default.global. 30 IN A 240.0.0.4"
                    fallthrough
                }
                template ANY ANY {
                    match ^global[.]$ ^httpbin[.]bar[.]global[.]$ ^ratings[.]default[.]global[.]$ ^reviews[.]default[.]global[.]$
                    authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                    fallthrough
                }
                template ANY ANY {
                    rcode NXDOMAIN
                    authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                }
            }
            # END meshinfra global
            example.internal:53 {
                forward . 10.0.0.5
            }

            """);

        Assert.Equal(expected, CorefileEditor.Apply(before, Meshes.GlobalChanged));
    }

    [Fact]
    public void ApplyOverwritesHandEditsBetweenTheMarkers()
    {
        var edited = CorefileEditor.Apply(Corefiles.KubeadmDefault, Meshes.Global)
            .Replace("    cache 30\n    hosts", "    log\n    hosts", StringComparison.Ordinal);

        Assert.Equal(Corefiles.KubeadmDefault + Golden.GlobalRegion + "\n", CorefileEditor.Apply(edited, Meshes.Global));
    }

    [Fact]
    public void ApplyKeepsTheLineEndingAfterABlockWhoseMarkersWereSavedWithCrlf()
    {
        var crlf = (Corefiles.KubeadmDefault + Golden.GlobalRegion + "\n").Replace("\n", "\r\n", StringComparison.Ordinal);

        var applied = CorefileEditor.Apply(crlf, Meshes.GlobalChanged);

        Assert.Equal(Corefiles.KubeadmCrlf + Golden.GlobalChangedRegion + "\r\n", applied);
    }

    [Fact]
    public void ApplyFindsIndentedMarkers()
    {
        var indented = Corefiles.KubeadmDefault + "  " + Golden.GlobalRegion.Replace("\n", "\n  ", StringComparison.Ordinal) + "  \n";

        Assert.Equal(Corefiles.KubeadmDefault + Golden.GlobalChangedRegion + "\n", CorefileEditor.Apply(indented, Meshes.GlobalChanged));
    }

    [Fact]
    public void ApplyLeavesAnotherMeshDomainsBlockAlone()
    {
        var withOther = CorefileEditor.Apply(Corefiles.KubeadmDefault, Meshes.Other);

        var both = CorefileEditor.Apply(withOther, Meshes.Global);

        Assert.Equal(
            Corefiles.KubeadmDefault + Golden.Lf("""
                # BEGIN meshinfra mesh.example
                mesh.example:53 {
                    errors
                    cache 30
                    template IN A {
                        match ^db[.]data[.]mesh[.]example[.]$
                        answer "db.data.mesh.example. 30 IN A 240.1.0.1"
                        fallthrough
                    }
                    template ANY ANY {
                        match ^mesh[.]example[.]$ ^db[.]data[.]mesh[.]example[.]$
                        authority "mesh.example. 30 IN SOA ns.mesh.example. hostmaster.mesh.example. 1 7200 1800 86400 30"
                        fallthrough
                    }
                    template ANY ANY {
                        rcode NXDOMAIN
                        authority "mesh.example. 30 IN SOA ns.mesh.example. hostmaster.mesh.example. 1 7200 1800 86400 30"
                    }
                }
                # END meshinfra mesh.example
                # BEGIN meshinfra global
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
                # END meshinfra global

                """),
            both);
    }

    [Fact]
    public void ApplyAllowsTheSameZoneOnAnotherPortOrTransport()
    {
        var corefile = Golden.Lf("""
            global:5353 {
                whoami
            }
            tls://global:853 {
                whoami
            }

            """);

        Assert.Equal(corefile + Golden.GlobalRegion + "\n", CorefileEditor.Apply(corefile, Meshes.Global));
    }

    [Fact]
    public void ApplyLowerCasesTheDomainAndHostnamesSoOneSpellingFindsTheBlock()
    {
        var shouting = new MeshDnsBlock(
            "GLOBAL",
            [new HostsEntry("240.0.0.3", "Reviews.Default.Global"), new HostsEntry("240.0.0.2", "HTTPBIN.bar.global")]);

        var applied = CorefileEditor.Apply(Corefiles.KubeadmDefault, shouting);

        Assert.Equal(Corefiles.KubeadmDefault + Golden.GlobalRegion + "\n", applied);
        Assert.Equal(Corefiles.KubeadmDefault, CorefileEditor.Remove(applied, "global"));
    }
}
