using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// The Istio rules the traffic model follows, each with the file and function it follows in
/// github.com/istio/istio at 1.30.3 and at the 1.31 line (the same unless a comment says otherwise).
/// The model's tests check these against cases ported from Istio's own tests.
/// </summary>
public static class IstioRules
{
    /// <summary>
    /// A DestinationRule's policy for one port and subset, as the cluster builder resolves it. A
    /// port-level entry for the port replaces the whole policy ("settings specified at the destination
    /// level will not be inherited when overridden by port-level settings"): pilot/pkg/networking/util/util.go,
    /// GetPortLevelTrafficPolicy. A subset's policy (resolved for the port the same way) then overrides
    /// each field it sets, or every field where it has a port-level entry: MergeSubsetTrafficPolicy /
    /// mergeTrafficPolicy, called from cluster_builder.go buildSubsetCluster. 1.31 moved mergeTrafficPolicy
    /// and ShallowCopyTrafficPolicy to pilot/pkg/model/destination_rule.go, with the same code.
    /// </summary>
    public static EffectivePolicy Policy(DestinationRuleView? rule, SubsetView? subset, int port)
    {
        var (original, _) = ForPort(rule?.TrafficPolicy, port);
        if (subset?.TrafficPolicy is null)
        {
            return original ?? EffectivePolicy.None;
        }

        var (own, portLevel) = ForPort(subset.TrafficPolicy, port);
        if (original is null)
        {
            return own ?? EffectivePolicy.None;
        }

        return new EffectivePolicy(
            own!.Tls is not null || portLevel ? own.Tls : original.Tls,
            own.OutlierDetection is not null || portLevel ? own.OutlierDetection : original.OutlierDetection,
            own.LoadBalancer is not null || portLevel ? own.LoadBalancer : original.LoadBalancer);
    }

    private static (EffectivePolicy? Policy, bool PortLevel) ForPort(MapNode? policy, int port)
    {
        if (policy is null)
        {
            return (null, false);
        }

        var level = PortLevel(policy, port);
        var source = level ?? policy;
        return (new EffectivePolicy(source["tls"] as MapNode, source["outlierDetection"] as MapNode, source["loadBalancer"] as MapNode), level is not null);
    }

    private static MapNode? PortLevel(MapNode policy, int port) =>
        (policy["portLevelSettings"] as ListNode)?.Items.OfType<MapNode>()
            .FirstOrDefault(l => l.At("port", "number") is ScalarNode { Value: long number } && number == port);

    /// <summary>
    /// What ejects an endpoint under a merged <c>outlierDetection</c> (null when it has none: nothing is
    /// ejected). Istio copies consecutive5xxErrors and consecutiveGatewayErrors with enforcing 100 when
    /// above 0 and 0 when 0, and sets the local-origin fields only under splitExternalLocalOriginErrors,
    /// the count only when above 0 (pilot/pkg/networking/core/cluster_traffic_policy.go,
    /// applyOutlierDetection, 1.30.3 and 1.31.0-rc.0). What it leaves unset takes Envoy's defaults
    /// (envoy/config/cluster/v3/outlier_detection.proto): consecutive_5xx 5 enforced, gateway failures
    /// not enforced, consecutive_local_origin_failure 5 enforced. Without the split a failed connection is
    /// a 503 (source/common/upstream/outlier_detection_impl.cc, resultToHttpCode and putHttpResponseCode), which
    /// counts both as a 5xx and as a gateway error: whichever enforced count is lower ejects for it, neither when both are 0.
    /// </summary>
    public static OutlierEjection? Ejection(MapNode? outlierDetection, DocReader read)
    {
        if (outlierDetection is null)
        {
            return null;
        }

        const int EnvoyDefault = 5;
        var fiveHundreds = read.Int(outlierDetection["consecutive5xxErrors"]) ?? EnvoyDefault;
        var gateway = read.Int(outlierDetection["consecutiveGatewayErrors"]) ?? 0;
        if (read.Str(outlierDetection["splitExternalLocalOriginErrors"]) != "true")
        {
            var connection = fiveHundreds > 0 && gateway > 0 ? Math.Min(fiveHundreds, gateway) : Math.Max(fiveHundreds, gateway);
            return new OutlierEjection(connection, fiveHundreds, gateway);
        }

        var local = read.Int(outlierDetection["consecutiveLocalOriginFailures"]) ?? 0;
        return new OutlierEjection(local > 0 ? local : EnvoyDefault, fiveHundreds, gateway);
    }

    /// <summary>
    /// The TLS mode the mTLS endpoint filter reads from the DestinationRule the gateway sees, for one
    /// subset and port: the policy's mode, overridden by the first port-level entry for the port that
    /// has TLS (pilot/pkg/xds/endpoints/mtls_checker.go, tlsModeForDestinationRule and
    /// trafficPolicyTLSModeForPort). For a subset, 1.30.3 reads the subset's own policy only; 1.31 falls
    /// back to the rule's policy when the subset sets no mode for the port.
    /// </summary>
    public static string? FilterTlsMode(DestinationRuleView? rule, SubsetView? subset, int port, string istioMinor, DocReader read)
    {
        if (rule is null)
        {
            return null;
        }

        if (subset is null)
        {
            return TlsModeForPort(rule.TrafficPolicy, port, read);
        }

        var own = TlsModeForPort(subset.TrafficPolicy, port, read);
        return own is null && istioMinor != "1.30" ? TlsModeForPort(rule.TrafficPolicy, port, read) : own;
    }

    private static string? TlsModeForPort(MapNode? policy, int port, DocReader read)
    {
        if (policy is null)
        {
            return null;
        }

        var mode = read.Str(policy.At("tls", "mode"));
        var level = (policy["portLevelSettings"] as ListNode)?.Items.OfType<MapNode>()
            .FirstOrDefault(l => l.At("port", "number") is ScalarNode { Value: long number } && number == port && l["tls"] is not null);
        return level is null ? mode : read.Str(level.At("tls", "mode"));
    }

    /// <summary>
    /// What a client's outbound cluster sends: under ISTIO_MUTUAL the SNI is <c>tls.sni</c> when set,
    /// otherwise <c>outbound_.&lt;port&gt;_.&lt;subset&gt;_.&lt;host&gt;</c>; the SANs are
    /// <c>tls.subjectAltNames</c> when set, otherwise the service's accounts (none for a ServiceEntry
    /// without subjectAltNames: any identity of the mesh's root is accepted).
    /// pilot/pkg/networking/core/cluster_tls.go, buildUpstreamTLSSettings / buildIstioMutualTLS.
    /// Without a TLS setting, auto mTLS sends mTLS only to endpoints labelled with tlsMode istio, except to a
    /// MESH_EXTERNAL service or one whose namespace's PeerAuthentication (else the mesh's) is DISABLE: there the
    /// cluster sends plaintext (cluster_tls.go buildUpstreamTLSSettings: "meshExternal || ... serviceMTLSMode ==
    /// MTLSDisable" returns no TLS; push_context.go BestEffortInferServiceMTLSMode; authentication.go
    /// GetNamespaceMutualTLSMode; the same at 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public static TlsSettings ClusterTls(EffectivePolicy policy, int port, string? subset, string host, DocReader read, bool autoMtlsOff = false)
    {
        var tls = policy.Tls;
        if (tls is null)
        {
            return new TlsSettings(autoMtlsOff ? "DISABLE" : "AUTO", autoMtlsOff ? null : IstioNames.Sni(port, subset, host), []);
        }

        // A tls block without a mode is the enum's zero value, DISABLE.
        var mode = read.Str(tls["mode"]) ?? "DISABLE";

        if (mode != "ISTIO_MUTUAL")
        {
            return new TlsSettings(mode, read.Str(tls!["sni"]), []);
        }

        var sni = read.Str(tls!["sni"]);
        return new TlsSettings(mode, string.IsNullOrEmpty(sni) ? IstioNames.Sni(port, subset, host) : sni, read.Strings(tls["subjectAltNames"]));
    }

    /// <summary>
    /// The endpoints an east-west gateway's SNI-DNAT cluster keeps: only those whose tlsMode is
    /// <c>istio</c>, and a DestinationRule whose TLS mode is set to anything but ISTIO_MUTUAL clears
    /// it; it can never set it. pilot/pkg/xds/endpoints/endpoint_builder.go (BuildClusterLoadAssignment
    /// calls EndpointsWithMTLSFilter for SNI-DNAT clusters; buildEnvoyLbEndpoint), ep_filters.go
    /// (EndpointsWithMTLSFilter), mtls_checker.go (checkMtlsEnabled). Istio before about 1.19 let a
    /// DestinationRule's ISTIO_MUTUAL keep an endpoint (computeForEndpoint); 1.30.3 and 1.31 do not.
    /// Where the rule sets no TLS mode, a PeerAuthentication that disables mTLS on the endpoint's port
    /// clears it too (mtls_checker.go, checkMtlsEnabled: NewMtlsPolicy(...).GetMutualTLSModeForPort
    /// != MTLSDisable; 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    public static bool KeptByMtlsFilter(bool endpointTlsModeIstio, string? ruleTlsMode, bool peerAuthenticationDisables = false) =>
        endpointTlsModeIstio && (ruleTlsMode is null ? !peerAuthenticationDisables : ruleTlsMode == "ISTIO_MUTUAL");

    /// <summary>
    /// An inline ServiceEntry endpoint's tlsMode: the label <c>security.istio.io/tlsMode</c> where it has
    /// one, else <c>istio</c> where it has a serviceAccount, else disabled.
    /// pilot/pkg/serviceregistry/serviceentry/conversion.go, getTLSModeFromWorkloadEntry.
    /// </summary>
    public static bool ServiceEntryEndpointIsIstioMtls(SeEndpoint endpoint) =>
        endpoint.Labels.TryGetValue(IstioLabels.TlsModeLabel, out var label) ? label == "istio" : !string.IsNullOrEmpty(endpoint.ServiceAccount);

    /// <summary>
    /// Whether a Gateway server host (<c>[namespace/]name</c>, name possibly <c>*</c> or <c>*.suffix</c>)
    /// admits a service host. pilot/pkg/networking/core/gateway.go,
    /// builtAutoPassthroughFilterChains (matches the server's hosts against each service's hostname).
    /// </summary>
    public static bool GatewayHostAdmits(string serverHost, string serviceHost)
    {
        // The namespace part of a server host is dropped here: it does not limit which services get
        // chains (model/gateway.go, GetSNIHostsForServer). Hosts match by host.Name.SubsetOf.
        var slash = serverHost.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            serverHost = serverHost[(slash + 1)..];
        }

        return serverHost == "*"
            || (serverHost.StartsWith("*.", StringComparison.Ordinal) && serviceHost.EndsWith(serverHost[1..], StringComparison.Ordinal))
            || serverHost == serviceHost;
    }

    /// <summary>
    /// The filter chains an AUTO_PASSTHROUGH server builds: for each service the gateway sees that is
    /// not MESH_EXTERNAL and whose host the server admits, each port that is not UDP, one chain for
    /// SNI <c>outbound_.&lt;port&gt;_._.&lt;host&gt;</c> and one per subset of the DestinationRule the
    /// gateway proxy sees for that host; each chain sends to the cluster of the same name.
    /// pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains.
    /// </summary>
    public static ImmutableDictionary<string, PassthroughChain> AutoPassthroughChains(ClusterView cluster, PassthroughServer server, string gatewayNamespace, IReadOnlyDictionary<string, string>? gatewayLabels = null)
    {
        var chains = ImmutableDictionary.CreateBuilder<string, PassthroughChain>(StringComparer.Ordinal);
        foreach (var service in cluster.Services)
        {
            if (service.MeshExternal || !server.Hosts.Any(h => GatewayHostAdmits(h, service.Host)) || !ServiceVisibleTo(service, cluster.DefaultServiceExportTo, gatewayNamespace))
            {
                continue;
            }

            var rule = cluster.DestinationRuleFor(service.Host, gatewayNamespace, service.Namespace, gatewayLabels);
            foreach (var port in service.Ports.Where(p => p.Protocol != "UDP"))
            {
                chains[IstioNames.Sni(port.Number, null, service.Host)] = new PassthroughChain(service, null, port, rule);
                foreach (var subset in rule?.Subsets ?? [])
                {
                    chains[IstioNames.Sni(port.Number, subset.Name, service.Host)] = new PassthroughChain(service, subset, port, rule);
                }
            }
        }

        return chains.ToImmutable();
    }

    /// <summary>
    /// Whether an EDS cluster (a STATIC ServiceEntry's) keeps an endpoint of this address: an IP, not a name
    /// (pilot/pkg/xds/endpoints/endpoint_builder.go, BuildClusterLoadAssignment: "filter out endpoint that has invalid
    /// ip address, mostly domain name", 1.30.3 and 1.31.0-rc.0). A placeholder stands for a value given at deploy
    /// time, which the render and the deploy check is an IP.
    /// </summary>
    internal static bool EdsKeepsAddress(string address) =>
        Addressing.Ipv4Address.TryParse(address, out _) || address.StartsWith("${", StringComparison.Ordinal);

    /// <summary>
    /// Whether a proxy in <paramref name="proxyNamespace"/> has the service in its scope: its exportTo (else the mesh
    /// default) holds <c>*</c>, or that namespace, or <c>.</c> with the proxy in the service's own namespace, and not
    /// <c>~</c> without <c>*</c>. pilot/pkg/model/push_context.go, initServiceRegistry (the exportTo sets) and
    /// servicesExportedToNamespace, which a gateway's scope is made of (sidecar.go, DefaultSidecarScopeForGateway),
    /// 1.30.3 and 1.31.0-rc.0. A Kubernetes Service's exportTo is its networking.istio.io/exportTo
    /// annotation (kube/conversion.go ConvertService).
    /// </summary>
    public static bool ServiceVisibleTo(RegistryService service, IReadOnlyList<string> defaultExportTo, string proxyNamespace)
    {
        IReadOnlyList<string> exportTo = service.ExportTo.IsEmpty ? defaultExportTo : service.ExportTo;
        if (exportTo.Contains("*"))
        {
            return true;
        }

        return !exportTo.Contains("~") && (exportTo.Contains(proxyNamespace) || (exportTo.Contains(".") && service.Namespace == proxyNamespace));
    }

    /// <summary>
    /// Locality priority of an endpoint for a client (0 is tried first): all of region, zone and
    /// subzone equal, then region and zone, then region, then none. Applied only where the
    /// DestinationRule has outlier detection ("Failover should only be enabled when there is an
    /// outlier detection"). pilot/pkg/networking/core/loadbalancer/loadbalancer.go,
    /// applyLocalityFailover; for the STRICT_DNS clusters of ServiceEntries the condition is in
    /// pilot/pkg/networking/core/cluster_traffic_policy.go, applyLocalityLoadBalancer (l.323 at 1.30.3).
    /// A client's locality is its node's topology labels, which the model takes from the stack's labels.
    /// </summary>
    public static int LocalityPriority(string? client, string? endpoint)
    {
        var c = (client ?? "").Split('/');
        var e = (endpoint ?? "").Split('/');
        string Part(string[] parts, int i) => i < parts.Length ? parts[i] : "";
        if (Part(c, 0) != Part(e, 0))
        {
            return 3;
        }

        if (Part(c, 1) != Part(e, 1))
        {
            return 2;
        }

        return Part(c, 2) != Part(e, 2) ? 1 : 0;
    }
}
