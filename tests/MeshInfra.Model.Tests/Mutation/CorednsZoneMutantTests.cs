using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// What CoreDNS answers from MeshInfra's block (Traffic/CorednsZone.cs), plugin by plugin: template
/// (plugin/template/template.go, Handler.ServeDNS and template.match), hosts (plugin/hosts/hosts.go,
/// Hosts.ServeDNS), forward; coredns v1.11.3 and v1.12.1, which agree on all three.
/// </summary>
public sealed class CorednsZoneMutantTests
{
    private static DnsAnswer Answer(string name, string detail) => new(null, "CoreDNS", detail, CorednsCases.Source);

    [Fact]
    public void TheZonesOwnNameHasNoARecordButExists()
    {
        // MeshInfra's block answers the apex from its NODATA template (one regex of several matches; no rcode
        // means NOERROR, template setup.go), not from the NXDOMAIN template after it.
        Assert.Equal(
            Answer("global", "global has no A record in MeshInfra's 'global' block (NOERROR, no answer)"),
            CorednsCases.Resolve(CorednsCases.PlannedBlock, "global"));
    }

    [Fact]
    public void InCorednsCustomModeTheAnswerNamesTheCorednsCustomConfigMap()
    {
        // k3s and AKS load MeshInfra's block from its own key of kube-system/coredns-custom (docs: coredns.md).
        var custom = Support.Configs.Seed.Replace("\"network\": \"network1\",", "\"network\": \"network1\", \"dns\": \"coredns-custom\",", StringComparison.Ordinal);
        Assert.NotEqual(Support.Configs.Seed, custom);
        var (_, _, model) = Traffic.TrafficFixture.For(custom);
        var failure = Assert.Single(model.Trace(Traffic.TrafficFixture.Request("cluster1/foo/sleep", "httpbn.bar.global", 8000)).Failures);
        Assert.Equal(new ObjectRef("cluster1", "ConfigMap", "kube-system", "coredns-custom"), failure.At);
        Assert.EndsWith(": httpbn.bar.global is not a mesh name: NXDOMAIN from MeshInfra's 'global' block, never forwarded", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ATemplateWithAnotherRcodeAnswersWithIt()
    {
        const string Refused = "global:53 {\n    template IN A {\n        rcode REFUSED\n    }\n}\n";
        Assert.Equal(Answer("a.global", "a.global: REFUSED from a template of MeshInfra's 'global' block"), CorednsCases.Resolve(Refused, "a.global"));
    }

    [Fact]
    public void ATemplateForAnotherQueryTypeIsPassedOver()
    {
        // template.match: a template for another type does not match and falls through whatever its fallthrough says.
        const string Aaaa = "global:53 {\n    template IN AAAA {\n        rcode NXDOMAIN\n    }\n    template IN A {\n        answer \"a.global. 30 IN A 240.0.0.7\"\n    }\n}\n";
        Assert.Equal(CorednsCases.Held("a.global", "240.0.0.7"), CorednsCases.Resolve(Aaaa, "a.global"));
    }

    [Fact]
    public void EveryAnswerNamesTheServerThatGaveIt()
    {
        const string Miss = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n    }\n}\n";
        Assert.Equal(Answer("b.global", "b.global matches no regex of a template without fallthrough: SERVFAIL"), CorednsCases.Resolve(Miss, "b.global"));
        Assert.Equal(CorednsCases.Nxdomain("httpbn.bar.global"), CorednsCases.Resolve(CorednsCases.PlannedBlock, "httpbn.bar.global"));
    }

    [Fact]
    public void WithoutHostsAPassedOverNameGoesOnToForward()
    {
        // No hosts plugin in the block: a name every template passes over goes to forward, or fails without it
        // (plugin/plugin.go NextOrFailure).
        const string Forwarding = "global:53 {\n    template IN A {\n        match ^a[.]global[.]$\n        answer \"a.global. 30 IN A 240.0.0.7\"\n        fallthrough\n    }\n    forward . 8.8.8.8\n}\n";
        Assert.Equal(
            Answer("b.global", "b.global is not a mesh name: forwarded upstream, where the public 'global' zone may answer it"),
            CorednsCases.Resolve(Forwarding, "b.global"));
        Assert.Equal(
            Answer("b.global", "b.global is not answered by MeshInfra's block and no plugin follows: SERVFAIL"),
            CorednsCases.Resolve(Forwarding.Replace("    forward . 8.8.8.8\n", "", StringComparison.Ordinal), "b.global"));
    }

    [Fact]
    public void AHostsBlockAnswersItsIPv4NamesNodataForItsIPv6OnesAndServfailForTheRest()
    {
        // hosts.go ServeDNS: an A query for a name with only IPv6 addresses has no answers but otherRecordsExist, so
        // NOERROR without records, never fallthrough; names are normalised, case and trailing dot
        // (hostsfile.go parse, plugin.Name.Normalize).
        const string Hosts = "global:53 {\n    hosts {\n        fd00::7 a.global\n        240.0.0.8 B.Global.\n    }\n}\n";
        Assert.Equal(Answer("a.global", "a.global has only IPv6 addresses in MeshInfra's hosts block (NOERROR, no A record)"), CorednsCases.Resolve(Hosts, "a.global"));
        Assert.Equal(new DnsAnswer("240.0.0.8", "CoreDNS (MeshInfra's hosts block)", "b.global -> 240.0.0.8", CorednsCases.Source), CorednsCases.Resolve(Hosts, "b.global"));
        Assert.Equal(Answer("c.global", "c.global is not in the hosts block, which has no fallthrough: SERVFAIL"), CorednsCases.Resolve(Hosts, "c.global"));
    }

    [Fact]
    public void ARegexInGosNamedGroupSyntaxMatchesAsInCoredns()
    {
        // Go's regexp (RE2 syntax) names a group (?P<name>re), as the template plugin's README examples do; .NET
        // spells it (?<name>re). The name must match all the same.
        const string Named = "global:53 {\n    template IN A {\n        match ^(?P<svc>[a-z]+)[.]bar[.]global[.]$\n        rcode NXDOMAIN\n    }\n}\n";
        Assert.Equal(CorednsCases.Nxdomain("x.bar.global"), CorednsCases.Resolve(Named, "x.bar.global"));
    }

    [Fact]
    public void ARegexThatDoesNotParseOrRunsTooLongMatchesNothing()
    {
        // An unparsable regex: CoreDNS refuses the Corefile (template setup.go: "could not parse regex"); the
        // model matches nothing. A pattern .NET backtracks on for longer than its timeout does not match the
        // name under Go's linear-time RE2 either.
        const string Broken = "global:53 {\n    template IN A {\n        match ^a[\n        rcode NXDOMAIN\n    }\n}\n";
        Assert.Equal(Answer("a.global", "a.global matches no regex of a template without fallthrough: SERVFAIL"), CorednsCases.Resolve(Broken, "a.global"));

        var name = new string('a', 40) + ".global";
        const string Slow = "global:53 {\n    template IN A {\n        match ^(a+)+$\n        rcode NXDOMAIN\n    }\n}\n";
        Assert.Equal(Answer(name, $"{name} matches no regex of a template without fallthrough: SERVFAIL"), CorednsCases.Resolve(Slow, name));
    }
}
