using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// Parsed ServiceEntry, DestinationRule and VirtualService specs by tree identity. A plan shares
/// one tree among every cluster that holds the same object (SharedHostObjects), so a mesh of 100
/// clusters parses each global host's objects about once, not 100 times.
/// </summary>
internal sealed class ParseCache
{
    private readonly Dictionary<MapNode, ImmutableArray<RegistryService>> serviceEntries = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<MapNode, DestinationRuleView> destinationRules = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<MapNode, VirtualServiceView?> virtualServices = new(ReferenceEqualityComparer.Instance);

    public IEnumerable<RegistryService> ServiceEntry(MapNode spec, string ns, string name, string cluster, DocReader read)
    {
        if (!serviceEntries.TryGetValue(spec, out var parsed))
        {
            serviceEntries[spec] = parsed = ParseServiceEntry(spec, ns, name, read);
        }

        return parsed.Select(s => s.Source.Cluster == cluster && s.Source.Name == name ? s : s with { Source = new ObjectRef(cluster, "ServiceEntry", ns, name) });
    }

    public DestinationRuleView DestinationRule(MapNode spec, string ns, string name, string cluster, DocReader read)
    {
        if (!destinationRules.TryGetValue(spec, out var parsed))
        {
            destinationRules[spec] = parsed = new DestinationRuleView(
                ClusterView.Qualify(read.Str(spec["host"]) ?? "", ns),
                ns,
                spec["trafficPolicy"] as MapNode,
                [.. DocReader.Items(spec["subsets"]).OfType<MapNode>().Select(s => new SubsetView(read.Str(s["name"]) ?? "", read.StringMap(s["labels"]), s["trafficPolicy"] as MapNode))],
                new ObjectRef(cluster, "DestinationRule", ns, name))
            {
                ExportTo = read.Strings(spec["exportTo"]),
                WorkloadSelector = spec["workloadSelector"] is MapNode selector ? read.StringMap(selector["matchLabels"]) : null,
            };
        }

        return parsed.Source.Cluster == cluster && parsed.Source.Name == name ? parsed : parsed with { Source = new ObjectRef(cluster, "DestinationRule", ns, name) };
    }

    public VirtualServiceView? VirtualService(MapNode spec, string ns, string name, string cluster, DocReader read)
    {
        if (!virtualServices.TryGetValue(spec, out var parsed))
        {
            virtualServices[spec] = parsed = ParseVirtualService(spec, ns, name, cluster, read);
        }

        return parsed is null || (parsed.Source.Cluster == cluster && parsed.Source.Name == name) ? parsed : parsed with { Source = new ObjectRef(cluster, "VirtualService", ns, name) };
    }

    private static ImmutableArray<RegistryService> ParseServiceEntry(MapNode spec, string ns, string name, DocReader read)
    {
        // A port without a protocol stays "" (unset), not TCP: Istio parses it as Unsupported (serviceentry/conversion.go
        // convertPort; protocol.Parse) and sidecars sniff such a port (networking.go ModelProtocolToListenerProtocol:
        // ListenerProtocolAuto), so HTTP on it is routed as HTTP, retries included; validation.go ValidateProtocol:
        // "Empty string is used for protocol sniffing" (1.30.3 and 1.31.0-rc.0).
        var ports = DocReader.Items(spec["ports"]).OfType<MapNode>().Select(p => new ServicePortView(
            read.Str(p["name"]) ?? "", read.Int(p["number"]) ?? 0, read.Str(p["protocol"]) ?? "", read.Int(p["targetPort"]) ?? read.Int(p["number"]) ?? 0)).ToImmutableArray();
        var endpoints = DocReader.Items(spec["endpoints"]).OfType<MapNode>().Select(e => new SeEndpoint(
            read.Str(e["address"]) ?? "",
            PortMap(e["ports"] as MapNode, read),
            read.StringMap(e["labels"]),
            EndpointLocality(read.Str(e["locality"]), read.StringMap(e["labels"])),
            read.Str(e["network"]),
            read.Str(e["serviceAccount"]))).ToImmutableArray();
        var external = read.Str(spec["location"]) == "MESH_EXTERNAL";
        var addresses = read.Strings(spec["addresses"]);
        return [.. read.Strings(spec["hosts"]).Select(h => new RegistryService(
            h, ns, true, external, addresses, ports, endpoints, ImmutableSortedDictionary<string, string>.Empty, new ObjectRef("", "ServiceEntry", ns, name))
        {
            Resolution = read.Str(spec["resolution"]) ?? "NONE",
            ExportTo = read.Strings(spec["exportTo"]),
        })];
    }

    /// <summary>
    /// A ServiceEntry endpoint's locality as istiod reads it (serviceentry/conversion.go,
    /// convertWorkloadEntryToWorkloadInstance, 1.30.3 and 1.31.0-rc.0): its <c>locality</c>, else its
    /// <c>topology.istio.io/locality</c> label, else the legacy <c>istio-locality</c> one (pkg/model/proxy.go,
    /// GetLocalityLabel), a label's dots read as slashes unless it has a slash already (SanitizeLocalityLabel):
    /// Kubernetes label values cannot hold a slash.
    /// </summary>
    private static string? EndpointLocality(string? locality, ImmutableSortedDictionary<string, string> labels)
    {
        if (!string.IsNullOrEmpty(locality))
        {
            return locality;
        }

        var label = labels.GetValueOrDefault("topology.istio.io/locality") ?? labels.GetValueOrDefault("istio-locality");
        return string.IsNullOrEmpty(label) ? locality
            : label.Contains('/', StringComparison.Ordinal) ? label
            : label.Replace('.', '/');
    }

    private static ImmutableSortedDictionary<string, string> PortMap(MapNode? ports, DocReader read)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var entry in ports?.Entries ?? [])
        {
            if (read.Str(entry.Value) is { } port)
            {
                builder[entry.Key] = port;
            }
        }

        return builder.ToImmutable();
    }

    private static VirtualServiceView? ParseVirtualService(MapNode spec, string ns, string name, string cluster, DocReader read)
    {
        // Gateway-bound ones are kept too: the ingress gateway routes by them; ClusterView gives
        // sidecars only those that apply to the mesh.
        var gateways = read.Strings(spec["gateways"]).Select(g => VirtualServiceView.ResolveGatewayName(g, ns)).ToImmutableArray();
        var http = DocReader.Items(spec["http"]).OfType<MapNode>().Select((rule, index) => new HttpRouteView(
            index,
            [.. DocReader.Items(rule["match"]).OfType<MapNode>().Select(m => (m["headers"] as MapNode)?.Entries
                .SelectMany(h => h.Value is MapNode { Entries.IsEmpty: true } ? [new HeaderCondition(h.Key, HeaderCondition.Present, "")] : (h.Value as MapNode)?.Entries.Select(c => new HeaderCondition(h.Key, c.Key, read.Str(c.Value) ?? "")) ?? [])
                .ToImmutableArray() ?? [])],
            [.. DocReader.Items(OwnAnswer(rule) is null ? rule["route"] : null).OfType<MapNode>().Select(r => new RouteDestination(
                ClusterView.Qualify(read.Str(r.At("destination", "host")) ?? "", ns),
                read.Str(r.At("destination", "subset")),
                read.Int(r.At("destination", "port", "number")),
                read.Int(r["weight"]) ?? 0))])
        {
            Uris = [.. DocReader.Items(rule["match"]).OfType<MapNode>().Select(m => (m["uri"] as MapNode)?.Entries
                .Select(c => new UriCondition(c.Key, read.Str(c.Value) ?? "")).FirstOrDefault())],
            Retries = RouteRetry.Of(rule["retries"] as MapNode, read),
            OwnAnswer = OwnAnswer(rule),
            Delegate = OwnAnswer(rule) is null && rule["delegate"] is MapNode to ? $"{read.Str(to["namespace"]) ?? ns}/{read.Str(to["name"])}" : null,
        }).ToImmutableArray();
        return new VirtualServiceView([.. read.Strings(spec["hosts"]).Select(h => ClusterView.Qualify(h, ns))], ns, http, new ObjectRef(cluster, "VirtualService", ns, name))
        {
            Gateways = gateways,
            ExportTo = read.Strings(spec["exportTo"]),
            HasTcpOrTlsRoutes = DocReader.Items(spec["tcp"]).Any() || DocReader.Items(spec["tls"]).Any(),
        };
    }

    private static string? OwnAnswer(MapNode rule) =>
        rule["redirect"] is MapNode ? "redirect" : rule["directResponse"] is MapNode ? "direct response" : null;
}
