using MeshInfra.Model.Tests.Dns;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// How the traffic model reads MeshInfra's CoreDNS block out of a Corefile (Traffic/CorednsBlockReader.cs), told by
/// the answer a pod's lookup gets. CoreDNS's parser at v1.11.3 and v1.12.1 is coredns/caddy v1.1.x
/// (caddyfile/parse.go, caddyfile/dispenser.go, caddyfile/lexer.go).
/// </summary>
public sealed class CorednsBlockReaderMutantTests
{
    private const string A = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n        fallthrough\n    }\n";
    private const string Nx = "    template ANY ANY {\n        rcode NXDOMAIN\n    }\n}\n";

    [Fact]
    public void AWholeCorefileIsReadFromMeshInfrasMarkersNotFromItsFirstServerBlock()
    {
        // kubeadm's '.:53' block comes first in a live ConfigMap; the mesh's names are answered by MeshInfra's
        // 'global:53' block (core/dnsserver/server.go ServeDNS: the longest zone that holds the name).
        var corefile = Corefiles.KubeadmDefault + CorednsCases.MarkedBlock;
        var held = CorednsCases.Resolve(CorednsCases.PlannedBlock, "httpbin.bar.global");
        Assert.NotNull(held.Address);

        Assert.Equal(held, CorednsCases.Resolve(corefile, "httpbin.bar.global"));
        Assert.Equal(CorednsCases.Nxdomain("httpbn.bar.global"), CorednsCases.Resolve(corefile, "httpbn.bar.global"));
    }

    [Fact]
    public void MeshInfrasBlockAtTheTopOfTheCorefileIsReadAloneWhateverFollowsItsEndMarker()
    {
        // Text after the END marker that does not even lex (a quote never closed) is not MeshInfra's block.
        var corefile = CorednsCases.MarkedBlock + "example.org:53 {\n    log \"unclosed\n}\n";
        Assert.Equal(CorednsCases.Resolve(CorednsCases.PlannedBlock, "httpbin.bar.global"), CorednsCases.Resolve(corefile, "httpbin.bar.global"));
    }

    [Theory]
    [InlineData(A + Nx + "# END meshinfra global\n")]
    [InlineData("# BEGIN meshinfra global\n" + A + Nx)]
    [InlineData("# END meshinfra global\n" + A + Nx + "# BEGIN meshinfra global\n")]
    public void ACorefileWithOnlyOneMarkerOrThemOutOfOrderIsReadAsAWhole(string corefile)
    {
        // CoreDNS's lexer drops comments: the block serves its zone whatever the markers say.
        Assert.Equal(CorednsCases.Held("a.global", "240.0.0.7"), CorednsCases.Resolve(corefile, "a.global"));
        Assert.Equal(CorednsCases.Nxdomain("b.global"), CorednsCases.Resolve(corefile, "b.global"));
    }

    [Fact]
    public void ACorefileKeyHoldingOnlyCommentsHasNoMeshBlock()
    {
        var answer = CorednsCases.Resolve("# MeshInfra's block was removed from this cluster\n", "a.global");
        Assert.Equal(new DnsAnswer(null, "CoreDNS", "no record for a.global", null), answer);
    }

    [Fact]
    public void AServerBlockWithoutAKeyServesNoZoneNotEvenANameSpelledLikeItsBrace()
    {
        // caddyfile/parse.go addresses: '{' ends the keys, so a block opening with it has none and serves nothing.
        var answer = CorednsCases.Resolve("{\n" + Nx, "{");
        Assert.Equal(new DnsAnswer(null, "CoreDNS", "no record for {", null), answer);
    }

    [Fact]
    public void ATemplateStartingOnTheLineWhereThePreviousOneClosesIsStillRead()
    {
        // parse.go directive: tokens after '}' on the same line belong to the same directive, and template's
        // setup (plugin/template/setup.go templateParse, 'for c.Next()') reads each 'template' among them.
        const string Glued = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n        fallthrough\n    } template IN A {\n        match ^b[.]global[.]$\n        answer \"b.global. 30 IN A 240.0.0.8\"\n        fallthrough\n    }\n" + Nx;
        Assert.Equal(CorednsCases.Held("a.global", "240.0.0.7"), CorednsCases.Resolve(Glued, "a.global"));
        Assert.Equal(CorednsCases.Held("b.global", "240.0.0.8"), CorednsCases.Resolve(Glued, "b.global"));
        Assert.Equal(CorednsCases.Nxdomain("c.global"), CorednsCases.Resolve(Glued, "c.global"));
    }

    [Fact]
    public void AOneLineTemplateEndsAtItsOwnBrace()
    {
        // dispenser.go NextBlock: the block opens with '{' on the directive's line and ends at '}', here on the
        // same line; 'rcode' takes one argument (template setup.go), so the brace is not read as one.
        const string OneLine = A + "    template IN A { rcode REFUSED }\n" + Nx;
        Assert.Equal(new DnsAnswer(null, "CoreDNS", "b.global: REFUSED from a template of MeshInfra's 'global' block", CorednsCases.Source), CorednsCases.Resolve(OneLine, "b.global"));
    }

    [Theory]
    [InlineData("    template IN A {\n        match ^x[.]global[.]$\n        answer\n        fallthrough\n    }\n")]
    [InlineData("    template IN A {\n        match ^x[.]global[.]$\n        rcode\n        fallthrough\n    }\n")]
    [InlineData("    template IN {\n        rcode SERVFAIL\n    }\n")]
    [InlineData("    {\n    }\n")]
    [InlineData("    template IN A {\n        match ^x[.]global[.]$\n        nested {\n            rcode SERVFAIL\n        }\n        fallthrough\n    }\n")]
    [InlineData("    cache 30 {\n    }\n")]
    public void ALineCorednsWouldRefuseOrAnEmptyBlockLeavesTheRestOfTheBlockAnswering(string insert)
    {
        // CoreDNS refuses the first five (template setup.go templateParse: 'answer' and 'rcode' need an argument, a
        // template needs a class and a type, an unknown property is an error; parse.go directive: '{' is no directive)
        // and keeps serving the Corefile it had; the model reads the rest rather than failing the trace.
        // The sixth is valid (dispenser.go NextBlock: "Open and then closed right away").
        var corefile = A + insert + Nx;
        Assert.Equal(CorednsCases.Held("a.global", "240.0.0.7"), CorednsCases.Resolve(corefile, "a.global"));
        Assert.Equal(CorednsCases.Nxdomain("b.global"), CorednsCases.Resolve(corefile, "b.global"));
    }

    [Theory]
    [InlineData("dns://global:53", true)]
    [InlineData("global.", true)]
    [InlineData("global:053", true)]
    [InlineData("global:5353", false)]
    [InlineData("tls://global", false)]
    [InlineData("Global:53", false)]
    [InlineData("://x global:53", true)]
    [InlineData("Global global:53", true)]
    public void AServerKeyServesThePodsLookupsOnlyOverPlainDnsOnPort53InLowerCase(string key, bool serves)
    {
        // core/dnsserver/register.go InspectServerBlocks: parse.Transport drops 'dns://' (another scheme is another
        // listener), plugin.SplitHostPort reads the port (53 when none), dns.Fqdn adds the dot; the zone keeps its
        // case, and server.go ServeDNS looks the lower-cased query name up in the zones as written. Pods ask port 53.
        // A block serves every key: parse.Transport reads '://x' as plain DNS (no scheme it knows), a zone no pod's
        // name is in, and 'Global' serves nothing; the 'global:53' beside either still answers.
        var answer = CorednsCases.Resolve(key + A[9..] + Nx, "a.global");
        Assert.Equal(serves ? CorednsCases.Held("a.global", "240.0.0.7") : new DnsAnswer(null, "CoreDNS", "no record for a.global", null), answer);
    }

    [Fact]
    public void OfTwoAnswerLinesTheFirstRecordIsTheAddress()
    {
        // template.go ServeDNS appends every answer in order; the model takes the first record CoreDNS sends.
        const string TwoAnswers = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n        answer \"a.global. 30 IN A 240.0.0.8\"\n    }\n}\n";
        Assert.Equal(CorednsCases.Held("a.global", "240.0.0.7"), CorednsCases.Resolve(TwoAnswers, "a.global"));
    }

    [Fact]
    public void AForwardAfterTheTemplatesSendsWhatTheyPassOverUpstream()
    {
        // plugin.cfg orders template before forward; a template with fallthrough passes a name it does not match on.
        const string Forwarding = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n        fallthrough\n    }\n    forward . 8.8.8.8\n}\n";
        Assert.Equal(CorednsCases.Held("a.global", "240.0.0.7"), CorednsCases.Resolve(Forwarding, "a.global"));
        Assert.Equal(Forwarded("b.global"), CorednsCases.Resolve(Forwarding, "b.global"));
    }

    [Fact]
    public void TheProxyPluginCorednsNoLongerHasForwardsNothing()
    {
        // plugin.cfg and core/dnsserver/zdirectives.go at v1.11.3 and v1.12.1 have forward but no proxy (removed in 1.6).
        const string Proxying = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n        fallthrough\n    }\n    proxy . 8.8.8.8\n}\n";
        Assert.Equal(new DnsAnswer(null, "CoreDNS", "b.global is not answered by MeshInfra's block and no plugin follows: SERVFAIL", CorednsCases.Source), CorednsCases.Resolve(Proxying, "b.global"));
    }

    [Theory]
    [InlineData("240.0.0.9%eth0", "240.0.0.9")]
    [InlineData("::ffff:240.0.0.9", "240.0.0.9")]
    [InlineData("fe80::1%a/b", "IPv6")]
    [InlineData("fe80::1", "IPv6")]
    [InlineData("[fe80::1]", null)]
    [InlineData("fe80::1/64", null)]
    [InlineData("not-an-address", null)]
    public void AHostsLineIsReadByTheAddressGoParsesFromItsFirstField(string address, string? answer)
    {
        // hostsfile.go parseIP drops a zone after '%' and calls net.ParseIP; parse skips a line whose first field is no
        // address, and files an address whose To4 is not nil (IPv4-mapped IPv6 too) under A. An A query for a name with
        // only IPv6 addresses gets NOERROR without records (hosts.go otherRecordsExist); a name not listed falls through.
        var corefile = $"global:53 {{\n    hosts {{\n        {address} c.global\n        240.0.0.8 d.global\n        fallthrough\n    }}\n    forward . 8.8.8.8\n}}\n";
        var expected = answer switch
        {
            null => Forwarded("c.global"),
            "IPv6" => new DnsAnswer(null, "CoreDNS", "c.global has only IPv6 addresses in MeshInfra's hosts block (NOERROR, no A record)", CorednsCases.Source),
            _ => HostsHeld("c.global", answer),
        };

        Assert.Equal(expected, CorednsCases.Resolve(corefile, "c.global"));
        Assert.Equal(HostsHeld("d.global", "240.0.0.8"), CorednsCases.Resolve(corefile, "d.global"));
    }

    private static DnsAnswer HostsHeld(string name, string address) => new(address, "CoreDNS (MeshInfra's hosts block)", $"{name} -> {address}", CorednsCases.Source);

    private static DnsAnswer Forwarded(string name) =>
        new(null, "CoreDNS", $"{name} is not a mesh name: forwarded upstream, where the public 'global' zone may answer it", CorednsCases.Source);
}
