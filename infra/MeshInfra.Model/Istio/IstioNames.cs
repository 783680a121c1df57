namespace MeshInfra.Model.Istio;

/// <summary>
/// Names Istio derives from a service, port and subset. Both the builders (a DestinationRule's
/// <c>tls.sni</c>) and the traffic model (an east-west gateway's filter chains) use these, and the
/// model's tests check them against cases ported from Istio's own tests.
/// </summary>
public static class IstioNames
{
    /// <summary>Kubernetes' cluster-local domain; the only one MeshInfra's owner-side hosts use.</summary>
    public const string ClusterLocalSuffix = ".svc.cluster.local";

    /// <summary>
    /// The outbound cluster's SNI: <c>outbound_.&lt;port&gt;_.&lt;subset&gt;_.&lt;host&gt;</c>, subset empty for none.
    /// Istio 1.30.3 and 1.31: pilot/pkg/model/service.go, BuildDNSSrvSubsetKey (the same in both).
    /// </summary>
    public static string Sni(int port, string? subset, string host) => $"outbound_.{port}_.{subset}_.{host}";

    /// <summary>
    /// The outbound cluster's name: <c>outbound|&lt;port&gt;|&lt;subset&gt;|&lt;host&gt;</c>.
    /// Istio 1.30.3 and 1.31: pilot/pkg/model/service.go, BuildSubsetKey.
    /// </summary>
    public static string OutboundCluster(int port, string? subset, string host) => $"outbound|{port}|{subset}|{host}";

    /// <summary>A workload's SPIFFE identity (pkg/spiffe/spiffe.go, MustGenSpiffeURI, 1.30.3 and 1.31).</summary>
    public static string SpiffeId(string trustDomain, string ns, string serviceAccount) => $"spiffe://{trustDomain}/ns/{ns}/sa/{serviceAccount}";
}
