using System.Collections.Immutable;
using FsCheck.Fluent;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Properties;

/// <summary>Properties that must hold for any valid catalog, checked with FsCheck on a fixed seed.</summary>
public sealed class PlanProperties
{
    private static MeshPlan Plan(Catalog catalog, PlanOptions? options = null) => MeshPlanner.Plan(Configs.Spec(catalog.ToJson()), options);

    [Fact]
    public void AddressesAreUniqueAndInsideThePool()
    {
        Prop.ForAll(CatalogGen.Catalog().ToArbitrary(), catalog =>
        {
            var plan = Plan(catalog);
            var addresses = plan.GlobalHosts.Select(h => h.Address).ToList();
            return addresses.Distinct().Count() == addresses.Count && addresses.All(plan.Spec.AddressPool.Contains);
        }).Check();
    }

    [Fact]
    public void AddressesAreStableWhenServicesAreAddedGivenThePreviousTable()
    {
        Prop.ForAll(CatalogGen.Additions().ToArbitrary(), pair =>
        {
            var before = Plan(pair.Before).AddressTable;
            var after = Plan(pair.After, new PlanOptions(before)).AddressTable;
            return before.All(kv => after[kv.Key] == kv.Value);
        }).Check();
    }

    [Fact]
    public void AddressesAreStableWhenServicesAreRemovedGivenThePreviousTable()
    {
        Prop.ForAll(CatalogGen.Additions().ToArbitrary(), pair =>
        {
            var full = Plan(pair.After).AddressTable;
            var reduced = Plan(pair.Before, new PlanOptions(full)).AddressTable;
            return reduced.All(kv => full[kv.Key] == kv.Value);
        }).Check();
    }

    [Fact]
    public void EachClusterGetsExactlyOneEntryPerGlobalHostWithOneEndpointPerRemoteInstance()
    {
        Prop.ForAll(CatalogGen.Catalog().ToArbitrary(), (Catalog catalog) => OneEntryPerHost(Plan(catalog))).Check();
    }

    private static bool OneEntryPerHost(MeshPlan plan)
    {
        foreach (var cluster in plan.Clusters)
        {
            var entries = cluster.Objects.Where(o => o.Object.Kind == "ServiceEntry").Select(o => o.Object).ToList();
            if (!entries.Select(e => e.Metadata.Name).Order(StringComparer.Ordinal).SequenceEqual(plan.GlobalHosts.Select(h => h.Host)))
            {
                return false;
            }

            foreach (var host in plan.GlobalHosts)
            {
                var endpoints = entries.Single(e => e.Metadata.Name == host.Host).Body.At("spec", "endpoints").Items().Count;
                if (endpoints != host.Service.Instances.Length)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void PlansAreByteIdenticalForTheSameConfigWhateverTheServiceOrder()
    {
        Prop.ForAll(CatalogGen.Catalog().ToArbitrary(), catalog =>
        {
            var once = MeshPlanner.Plan(Configs.Spec(catalog.ToJson())).Canonical();
            var again = MeshPlanner.Plan(Configs.Spec(catalog.ToJson())).Canonical();
            var reversed = MeshPlanner.Plan(Configs.Spec(catalog.ToJson(s => s.Reverse()))).Canonical();
            return once == again && once == reversed;
        }).Check();
    }

    [Fact]
    public void ApplyOrderRespectsEveryEdgeAndCoversEveryResource()
    {
        Prop.ForAll(CatalogGen.Catalog().ToArbitrary(), catalog =>
        {
            var plan = Plan(catalog);
            var index = plan.ApplyOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
            return plan.AllResources.Count() == plan.ApplyOrder.Length
                && plan.Edges.All(e => index[e.Before] < index[e.After]);
        }).Check();
    }

    [Fact]
    public void DependencyDepthDoesNotGrowWithTheNumberOfClusters()
    {
        Prop.ForAll(CatalogGen.Catalog(maxClusters: 3).ToArbitrary(), catalog =>
        {
            var small = Plan(catalog).Depth;
            var large = Plan(catalog.WithClusters(catalog.Clusters + 5)).Depth;
            return small == large && small <= 7;
        }).Check();
    }

    [Fact]
    public void SeedPlanIsByteIdenticalAcrossRuns()
    {
        Assert.Equal(Configs.Plan(Configs.Seed).Canonical(), Configs.Plan(Configs.Seed).Canonical());
        Assert.NotEqual(Configs.Plan(Configs.Seed).Canonical(), Configs.Plan(Configs.ThreeClusters).Canonical());
    }

    [Fact]
    public void PreviousTableKeepsAnAddressEvenWhenAnotherHostWouldClaimItsHomeSlot()
    {
        // Tiny pool so home slots collide: whoever held the slot first keeps it.
        var pool = new MeshInfra.Model.Addressing.Ipv4Cidr(new MeshInfra.Model.Addressing.Ipv4Address(0xF0000000), 29);
        var first = MeshInfra.Model.Addressing.AddressAllocator.Allocate(pool, ["b.ns.global"], ImmutableDictionary<string, MeshInfra.Model.Addressing.Ipv4Address>.Empty);
        var hosts = Enumerable.Range(0, 5).Select(i => $"a{i}.ns.global").Append("b.ns.global").ToList();
        var second = MeshInfra.Model.Addressing.AddressAllocator.Allocate(pool, hosts, ImmutableDictionary<string, MeshInfra.Model.Addressing.Ipv4Address>.Empty, first);
        Assert.Equal(first["b.ns.global"], second["b.ns.global"]);
        Assert.Equal(6, second.Values.Distinct().Count());
    }
}
