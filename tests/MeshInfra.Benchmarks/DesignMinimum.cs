using MeshInfra.Model.Config;

namespace MeshInfra.Benchmarks;

/// <summary>
/// What DESIGN.md requires, counted from the spec alone (not from the planner), by the kind names a
/// render's files start with. Per cluster: the istio-system namespace, cacerts, the mesh
/// PeerAuthentication, the east-west gateway's Service (plus the ingress gateway's Service where
/// configured), the east-west Gateway where the cluster serves a service (it lists exactly the hosts
/// served there); one ServiceEntry and one DestinationRule per global host, a local
/// DestinationRule per versioned service running there, one VirtualService per route whose clients
/// include it; the base, istiod and east-west (and ingress) Helm releases; the CoreDNS change unless
/// DNS is off; and the cluster's intermediate CA. The mesh adds its root CA.
/// </summary>
internal static class DesignMinimum
{
    public static Dictionary<string, int> ForCluster(MeshSpec spec, ClusterSpec cluster)
    {
        var ingress = cluster.IngressGateway is null ? 0 : 1;
        return Kinds(
            ("certificate", 1),
            ("namespace", 1),
            ("secret", 1),
            ("peerauthentication", 1),
            ("gateway", spec.Services.Any(s => s.RunsIn(cluster.Name)) ? 1 : 0),
            ("service", 1 + ingress),
            ("helm", 3 + ingress),
            ("serviceentry", spec.Services.Length),
            ("destinationrule", spec.Services.Length + spec.Services.Count(s => !s.VersionsIn(cluster.Name).IsEmpty)),
            ("virtualservice", spec.Routes.Count(r => r.Clients.Contains(cluster.Name))),
            ("corefile", cluster.Dns == DnsMode.None ? 0 : 1));
    }

    public static int Total(MeshSpec spec) => 1 + spec.Clusters.Sum(c => ForCluster(spec, c).Values.Sum());

    /// <summary>
    /// Adding (or removing) one unrouted service must add (or remove) exactly its ServiceEntry and
    /// DestinationRule in every cluster, its local DestinationRule where a version of it runs, and
    /// change exactly each cluster's CoreDNS block (every global host is listed there) and the
    /// east-west Gateway of each cluster running it (its host list), or add (remove) that Gateway where
    /// the cluster serves nothing else. Nothing else.
    /// </summary>
    public static (Dictionary<string, int> AddedOrRemoved, Dictionary<string, int> Changed) ForService(MeshSpec spec, ServiceSpec service)
    {
        var serving = spec.Clusters.Where(c => service.RunsIn(c.Name)).ToList();
        var servesOthers = serving.Count(c => spec.Services.Any(s => s != service && s.RunsIn(c.Name)));
        return (Kinds(
                ("serviceentry", spec.Clusters.Length),
                ("destinationrule", spec.Clusters.Length + spec.Clusters.Count(c => !service.VersionsIn(c.Name).IsEmpty)),
                ("gateway", serving.Count - servesOthers)),
            Kinds(("corefile", spec.Clusters.Count(c => c.Dns != DnsMode.None)), ("gateway", servesOthers)));
    }

    private static Dictionary<string, int> Kinds(params (string Kind, int Count)[] counts) =>
        counts.Where(c => c.Count > 0).OrderBy(c => c.Kind, StringComparer.Ordinal).ToDictionary(c => c.Kind, c => c.Count, StringComparer.Ordinal);
}
