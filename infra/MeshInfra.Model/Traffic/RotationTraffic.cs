using System.Collections.Immutable;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The meshes a deploy passes through while workloads pick up what it issued. A workload receives a new
/// certificate and, with it, the roots of its cluster's cacerts (the CSR answer ends with root-cert.pem:
/// security/pkg/server/ca/server.go CreateCertificate; the agent takes it as its roots:
/// security/pkg/nodeagent/cache/secretcache.go generateNewSecret; 1.30.3 and 1.31.0-rc.0) only when its
/// certificate is renewed, so for up to a workload certificate's lifetime some workloads hold the
/// deployed plan's trust and some the next one's. A hop has one client and one server: tracing every
/// pairing of (client side, server side) in {deployed, next} covers every mix the mesh can be in.
/// </summary>
public static class RotationTraffic
{
    /// <summary>The four pairings, named "clients deployed/next, servers deployed/next".</summary>
    public static IReadOnlyList<(string State, MeshTraffic Traffic)> States(MeshPlan deployed, MeshPlan next, Func<DeferredValue, string> resolve) =>
        States(deployed, next, MeshTraffic.FromPlan(next, resolve));

    /// <summary>The pairings over <paramref name="traffic"/>, the next plan's objects (or a render of it).</summary>
    public static IReadOnlyList<(string State, MeshTraffic Traffic)> States(MeshPlan deployed, MeshPlan next, MeshTraffic traffic)
    {
        var before = deployed.Clusters.ToDictionary(c => c.Cluster.Name, MeshTraffic.TrustOf, StringComparer.Ordinal);
        var after = next.Clusters.ToDictionary(c => c.Cluster.Name, MeshTraffic.TrustOf, StringComparer.Ordinal);
        var states = new List<(string, MeshTraffic)>();
        foreach (var clientsRenewed in new[] { false, true })
        {
            foreach (var serversRenewed in new[] { false, true })
            {
                var clusters = traffic.Clusters.Select(c => c with
                {
                    Trust = new ClusterTrust(
                        (clientsRenewed ? after : before).GetValueOrDefault(c.Name) ?? after[c.Name],
                        (serversRenewed ? after : before).GetValueOrDefault(c.Name) ?? after[c.Name]),
                }).ToImmutableArray();
                states.Add(($"clients {(clientsRenewed ? "next" : "deployed")}, servers {(serversRenewed ? "next" : "deployed")}", traffic with { Clusters = clusters }));
            }
        }

        return states;
    }
}
