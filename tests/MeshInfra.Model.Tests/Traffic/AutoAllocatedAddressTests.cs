using MeshInfra.Model.Tests.Mutation;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// A ServiceEntry without <c>addresses</c> gets one from istiod's allocator (PILOT_ENABLE_IP_AUTOALLOCATE, on by
/// default: pilot/pkg/features/pilot.go; pilot/pkg/networking/serviceentry/ip_autoallocation.go,
/// shouldV2AutoAllocateIPFromPieces; pilot/pkg/controllers/ipallocate/ipallocate.go, keepHost; 1.30.3 and
/// 1.31.0-rc.0), and a proxy that captures DNS answers its host with it (pilot/pkg/model/service.go,
/// nodeUsesAutoallocatedIPs and getAllAddressesForProxy; pkg/dns/server/name_table.go, BuildNameTable). The
/// seed's sidecars capture DNS (MeshInfra's istiod values): sleep's lookup of a host nobody's DNS holds is
/// answered by its own proxy, and the request reaches the entry's endpoint. Resolution NONE, the opt-out label,
/// a wildcard host (not DYNAMIC_DNS) and istiod's env turning the allocator off get no address: the lookup then
/// goes on to CoreDNS, which has no record.
/// </summary>
public sealed class AutoAllocatedAddressTests
{
    private static string Entry(string host, string resolution = "DNS", string labels = "") =>
        "{ \"apiVersion\": \"networking.istio.io/v1\", \"kind\": \"ServiceEntry\", \"metadata\": { \"name\": \"partner\", \"namespace\": \"foo\"" + labels + " }, \"spec\": { \"hosts\": [\"" + host + "\"], "
        + "\"location\": \"MESH_EXTERNAL\", \"resolution\": \"" + resolution + "\", \"ports\": [ { \"number\": 80, \"name\": \"http\", \"protocol\": \"HTTP\" } ], "
        + "\"endpoints\": [ { \"address\": \"api.partner.example\" } ] } }";

    private static TraceResult Trace(string entry, string host = "api.partner.internal", string? istiodEnv = null) =>
        TrafficFixture.For(Configs.Seed, s => s.Name != "cluster1" ? s : s with
        {
            Objects = s.Objects.Add(TraceCoreMutantTests.Obj(entry)),
            ReleaseValues = istiodEnv is null ? s.ReleaseValues : s.ReleaseValues.SetItem("istiod", TrafficFixture.With(s.ReleaseValues["istiod"], "env", TraceCoreMutantTests.Obj(istiodEnv))),
        }).Model.Trace(TrafficFixture.Request("cluster1/foo/sleep", host, 80));

    private static string Dns(TraceResult result) => string.Join(" | ", TraceCoreMutantTests.Steps(result).Where(s => s.StartsWith("dns", StringComparison.Ordinal)));

    private static string Outcome(TraceResult result) =>
        result.Failures.Length == 0 ? "reached" : string.Join("; ", result.Failures.Select(f => f.Reason));

    [Theory]
    [InlineData("DNS")]
    [InlineData("STATIC")]
    public void TheSidecarsProxyAnswersAHostWithoutAddressesWithTheOneIstiodAllocated(string resolution)
    {
        var result = Trace(Entry("api.partner.internal", resolution));
        Assert.Contains("api.partner.internal -> AutoIP(api.partner.internal) (sidecar DNS proxy)", Dns(result), StringComparison.Ordinal);
        Assert.DoesNotContain("does not resolve", Outcome(result), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?> NoAddress => new()
    {
        { Entry("api.partner.internal", "NONE"), "api.partner.internal", null },
        { Entry("api.partner.internal", labels: ", \"labels\": { \"networking.istio.io/enable-autoallocate-ip\": \"False\" }"), "api.partner.internal", null },
        { Entry("*.partner.internal"), "api.partner.internal", null },
        { Entry("api.partner.internal"), "api.partner.internal", """{ "PILOT_ENABLE_IP_AUTOALLOCATE": "false" }""" },
    };

    [Theory]
    [MemberData(nameof(NoAddress))]
    public void WithoutAnAllocatedAddressTheLookupGoesOnToCorednsAndFindsNothing(string entry, string host, string? istiodEnv) =>
        Assert.Equal($"{host} does not resolve in cluster1: no record for {host}", Outcome(Trace(entry, host, istiodEnv)));
}
