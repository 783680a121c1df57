using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Tests.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// A pod without a sidecar in the seed's cluster1 (foo/sleep) looking a name up, with cluster1's CoreDNS
/// holding a given Corefile text (the ConfigMap's data, or MeshInfra's block alone as a coredns-custom key holds it).
/// </summary>
internal static class CorednsCases
{
    /// <summary>The ConfigMap every CoreDNS answer names as what decided it.</summary>
    public static readonly ObjectRef Source = new("cluster1", "ConfigMap", "kube-system", "coredns");

    /// <summary>MeshInfra's block for cluster1 as the plan renders it (no markers).</summary>
    public static readonly string PlannedBlock = TrafficFixture.For(Configs.Seed).Traffic.Clusters.Single(c => c.Name == "cluster1").CorednsServerBlock!;

    /// <summary>The planned block between MeshInfra's markers, as <c>CorefileEditor.Apply</c> writes it into a Corefile.</summary>
    public static readonly string MarkedBlock = "# BEGIN meshinfra global\n" + PlannedBlock + "# END meshinfra global\n";

    public static DnsAnswer Resolve(string? corefile, string name)
    {
        var (_, _, model) = TrafficFixture.For(Configs.Seed, s => s.Name == "cluster1" ? s with { CorednsServerBlock = corefile } : s);
        var cluster = model.Clusters["cluster1"];
        var client = cluster.Workload("foo", "sleep")! with { HasSidecar = false };

        // A reader that loops on a malformed block must fail the test, not hang the run.
        var lookup = Task.Run(() => DnsModel.Resolve(cluster, client, name));
        Assert.True(lookup.Wait(TimeSpan.FromSeconds(30)), $"resolving {name} did not finish");
        return lookup.Result;
    }

    /// <summary>What CoreDNS answers from a block that holds the name: its address, from MeshInfra's block.</summary>
    public static DnsAnswer Held(string name, string address) => new(address, "CoreDNS (MeshInfra's block)", $"{name} -> {address}", Source);

    /// <summary>The catch-all NXDOMAIN template's answer in the 'global' zone.</summary>
    public static DnsAnswer Nxdomain(string name) => new(null, "CoreDNS", $"{name} is not a mesh name: NXDOMAIN from MeshInfra's 'global' block, never forwarded", Source);
}
