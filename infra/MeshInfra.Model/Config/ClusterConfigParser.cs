using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Config;

/// <summary>The clusters of a mesh: names, contexts, networks, gateways, DNS mode and labels. Part of <see cref="MeshConfigParser"/>: every error names its key.</summary>
internal static class ClusterConfigParser
{
    /// <summary>
    /// Clusters whose DNS MeshInfra cannot edit: GKE runs kube-dns (there is no kube-system/coredns to
    /// patch, so the deploy would fail), and the EKS CoreDNS add-on rewrites its Corefile (the edit would
    /// be silently undone). Recognised by the context names gcloud and the AWS CLI write.
    /// </summary>
    internal static void CheckManagedDns(ConfigReader r, string? context, DnsMode dns, string path)
    {
        if (context is null || dns is not (DnsMode.Corefile or DnsMode.CorednsCustom))
        {
            return;
        }

        if (context.StartsWith("gke_", StringComparison.Ordinal))
        {
            r.Error($"{path}.dns", "this looks like a GKE context, and GKE runs kube-dns, not an editable CoreDNS; set dns: none (sidecars still resolve global names through Istio's DNS proxy)");
        }
        else if (context.StartsWith("arn:aws:eks:", StringComparison.Ordinal) || context.EndsWith(".eksctl.io", StringComparison.Ordinal))
        {
            r.Error($"{path}.dns", "this looks like an EKS context, and the EKS CoreDNS add-on rewrites its Corefile, undoing MeshInfra's edit; set dns: none (sidecars still resolve global names through Istio's DNS proxy)");
        }
    }

    internal static ImmutableArray<ClusterSpec> ParseClusters(ConfigReader r, JsonElement config, DnsMode defaultDns, string? zone)
    {
        var clusters = new List<ClusterSpec>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = r.Array(config, "clusters", MeshConfigParser.Root, required: true).ToList();
        foreach (var (item, path) in items)
        {
            if (!r.IsObject(item, path))
            {
                continue;
            }

            r.RejectUnknownKeys(item, path, "name", "context", "kubeconfig", "network", "gateway", "ingressGateway", "dns", "intermediateGeneration", "labels");
            var name = r.String(item, "name", path, required: true);
            var context = r.String(item, "context", path, required: true);
            var (kubeconfig, secretKubeconfig) = ParseKubeconfig(r, item, path);

            context = context is null ? null : ProviderWord(r, context, $"{path}.context", "a context");
            var network = r.String(item, "network", path, required: true);
            // A cluster whose name is misspelt (nmae: cluster2) is still the cluster references mean.
            if ((name ?? r.WrittenAs($"{path}.name")) is { } declared)
            {
                r.Declare("cluster", declared);
            }

            if (name is not null)
            {
                if (!Names.IsDns1123Label(name))
                {
                    r.Error($"{path}.name", $"'{ConfigReader.Clip(name)}' is not a valid name ({Names.Dns1123LabelRule})");
                }
                else if (name == Planning.ResourceId.MeshScope)
                {
                    r.Error($"{path}.name", $"'{name}' is reserved for the mesh's shared resources (the root CA); choose another cluster name");
                }
                else if (!names.TryAdd(name, path))
                {
                    r.Error($"{path}.name", $"'{name}' is already the name of {names[name]}; cluster names must be unique");
                }
            }

            if (context is not null && !contexts.TryAdd(context, path))
            {
                r.Error($"{path}.context", $"'{ConfigReader.Clip(context)}' is already used by {contexts[context]}; each cluster needs its own kubeconfig context");
            }

            if (network is not null && !Names.IsDns1123Label(network))
            {
                r.Error($"{path}.network", $"'{ConfigReader.Clip(network)}' is not a valid name ({Names.Dns1123LabelRule})");
            }

            var eastWest = ParseGateway(r, item, "gateway", path, zone, name, IstioLabels.EastWestGatewayName)
                ?? WithDnsName(new GatewaySpec(GatewayAddressMode.LoadBalancer, null, null, null), zone, name, IstioLabels.EastWestGatewayName);
            var ingress = ParseGateway(r, item, "ingressGateway", path, zone, name, IstioLabels.IngressGatewayName);
            if (eastWest.NodePort is { } port && port == ingress?.NodePort)
            {
                // Two Services of one cluster: Kubernetes refuses the second one's NodePort at deploy time.
                r.Error($"{path}.ingressGateway.nodePort", $"{port} is also this cluster's gateway.nodePort; the east-west and ingress gateways are separate Services and cannot share a NodePort, so give one of them another");
            }

            var dns = MeshConfigParser.ParseDns(r, item, path) ?? defaultDns;
            CheckManagedDns(r, context, dns, path);
            var generation = r.Int(item, "intermediateGeneration", path, 1, 1_000_000) ?? 1;
            var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (key, value, at) in r.Map(item, "labels", path))
            {
                if (value.ValueKind != JsonValueKind.String || !Names.IsLabelValue(value.GetString()!) || !Names.IsLabelValue(key) || key.Length == 0)
                {
                    r.Error(at, "labels need a key and a string value of at most 63 letters, digits, '-', '_' or '.'");
                    continue;
                }

                labels[key] = value.GetString()!;
            }

            if (name is not null && context is not null && network is not null)
            {
                clusters.Add(new ClusterSpec(name, context, kubeconfig, network, eastWest, ingress, dns, generation, labels.ToImmutable()) { SecretKubeconfig = secretKubeconfig });
            }
        }

        if (ConfigReader.TryGet(config, "clusters", out var list) && list.ValueKind == JsonValueKind.Array && items.Count < 2)
        {
            r.Error($"{MeshConfigParser.Root}.clusters", $"a mesh needs at least 2 clusters, got {items.Count}; add another entry with name, context and network");
        }

        return [.. clusters];
    }

    /// <summary>
    /// <c>clusters[].kubeconfig</c>: a path, the file's contents, or a Pulumi secret holding the
    /// contents. The offline CLI passes a secret on as <c>{secure: ciphertext}</c>, as Pulumi writes
    /// it, and the Pulumi program in the same shape (<see cref="SecretKubeconfigs.Sealed"/>): the model
    /// only learns that the value is secret, never the value.
    /// </summary>
    private static (string? Kubeconfig, SecretKubeconfig? Secret) ParseKubeconfig(ConfigReader r, JsonElement item, string path)
    {
        var at = $"{path}.kubeconfig";
        if (ConfigReader.TryGet(item, "kubeconfig", out var value) && value.ValueKind == JsonValueKind.Object)
        {
            if (value.EnumerateObject().Select(p => p.Name).ToList() is [SecretKubeconfigs.SecureKey]
                && value.GetProperty(SecretKubeconfigs.SecureKey) is { ValueKind: JsonValueKind.String } ciphertext
                && ciphertext.GetString() is { Length: > 0 } text)
            {
                return (null, new SecretKubeconfig(at, text));
            }

            r.Error(at, $"expected a kubeconfig path, the kubeconfig's contents, or a Pulumi secret (pulumi config set --secret --path '{at}' < FILE), got an object");
            return (null, null);
        }

        // An inline kubeconfig (its contents) has line breaks; a path has none, and no control at all.
        var kubeconfig = r.String(item, "kubeconfig", path, allowLineBreaks: true);
        if (kubeconfig is not null && !kubeconfig.Contains('\n', StringComparison.Ordinal))
        {
            return (ProviderWord(r, kubeconfig, at, "a kubeconfig path"), null);
        }

        if (kubeconfig is not null)
        {
            // Contents hold credentials (a token, a client key): in plain text they are in every copy of the stack file.
            r.Warn(at, $"the kubeconfig's contents are written in plain text in the stack file, credentials included; make it a Pulumi secret: pulumi config set --secret --path '{at}' < FILE");
        }

        return (kubeconfig, null);
    }

    /// <summary>
    /// A context or kubeconfig path: it becomes one argument of kubectl and helm (in apply.sh, the
    /// provider, the printed commands), so no control character, and no leading '-' that a tool would
    /// read as an option of its own.
    /// </summary>
    private static string? ProviderWord(ConfigReader r, string value, string path, string what)
    {
        if (ConfigTextSafety.ControlProblem(value) is { } problem)
        {
            r.Error(path, problem);
            return null;
        }

        if (value.StartsWith('-'))
        {
            r.Error(path, $"'{ConfigReader.Clip(value)}' starts with '-', which kubectl and helm would read as an option instead of {what}; rename it in the kubeconfig");
            return null;
        }

        return value;
    }

    internal static GatewaySpec WithDnsName(GatewaySpec gateway, string? zone, string? cluster, string service) =>
        zone is null || cluster is null ? gateway : gateway with { DnsName = $"{service}.{cluster}.{zone}" };

    internal static GatewaySpec? ParseGateway(ConfigReader r, JsonElement cluster, string key, string clusterPath, string? zone, string? clusterName, string service)
    {
        var path = $"{clusterPath}.{key}";
        if (!ConfigReader.TryGet(cluster, key, out var gateway))
        {
            return null;
        }

        // `ingressGateway: true` is shorthand for a LoadBalancer ingress gateway.
        if (gateway.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return gateway.ValueKind == JsonValueKind.True ? WithDnsName(new GatewaySpec(GatewayAddressMode.LoadBalancer, null, null, null), zone, clusterName, service) : null;
        }

        if (!r.IsObject(gateway, path))
        {
            return null;
        }

        if (key == "gateway")
        {
            r.RejectUnknownKeys(gateway, path, "addressMode", "nodeAddress", "nodePort", "address", "namespace", "loadBalancerSourceRanges", "internalLoadBalancer");
        }
        else
        {
            r.RejectUnknownKeys(gateway, path, "addressMode", "nodeAddress", "nodePort", "address", "namespace");
        }

        var ns = ParseGatewayNamespace(r, gateway, path, key == "gateway" ? GatewayKind.EastWest : GatewayKind.Ingress);
        var mode = r.OneOf(gateway, "addressMode", path, "loadBalancer", "nodePort", "static", "externalDns") switch
        {
            "nodePort" => GatewayAddressMode.NodePort,
            "static" => GatewayAddressMode.Static,
            "externalDns" => GatewayAddressMode.ExternalDns,
            _ => GatewayAddressMode.LoadBalancer,
        };
        var nodeAddress = r.String(gateway, "nodeAddress", path);
        var nodePort = r.Int(gateway, "nodePort", path, NodePortRange.Min, NodePortRange.Max);
        var address = r.String(gateway, "address", path);

        switch (mode)
        {
            case GatewayAddressMode.NodePort when nodeAddress is null:
                r.Error($"{path}.nodeAddress", "is required when addressMode is 'nodePort': give the IP or hostname of a node other clusters can reach");
                break;
            case GatewayAddressMode.Static when address is null:
                r.Error($"{path}.address", "is required when addressMode is 'static': give the gateway's IP or DNS name");
                break;
        }

        if (mode != GatewayAddressMode.NodePort && (nodeAddress is not null || nodePort is not null))
        {
            r.Error($"{path}.addressMode", "nodeAddress and nodePort only apply when addressMode is 'nodePort'");
        }

        if (mode != GatewayAddressMode.Static && address is not null)
        {
            r.Error($"{path}.addressMode", "address only applies when addressMode is 'static'");
        }

        if (mode == GatewayAddressMode.ExternalDns && zone is null)
        {
            r.Error($"{path}.addressMode", "'externalDns' needs mesh.externalDns.zone, the zone external-dns publishes gateway names in");
        }

        CheckReachable(r, nodeAddress, $"{path}.nodeAddress");
        CheckReachable(r, address, $"{path}.address");
        var spec = WithDnsName(new GatewaySpec(mode, nodeAddress, nodePort, address) { Namespace = ns }, zone, clusterName, service);
        if (key == "gateway")
        {
            spec = GatewayExposureParser.Parse(r, gateway, path, spec);
        }

        // In externalDns mode the published name is what other clusters dial, exactly like a static address.
        return mode == GatewayAddressMode.ExternalDns ? spec with { StaticAddress = spec.DnsName } : spec;
    }

    /// <summary>
    /// The namespace a gateway runs in; null for its kind's own (istio-eastwest, istio-ingress). A
    /// namespace Kubernetes owns is refused; istio-system is accepted only as a pin while an existing
    /// install moves, with a warning: the ingress gateway's chart Role would read the cacerts Secret there.
    /// </summary>
    private static string? ParseGatewayNamespace(ConfigReader r, JsonElement gateway, string path, GatewayKind kind)
    {
        var ns = r.String(gateway, "namespace", path);
        if (ns is null)
        {
            return null;
        }

        var own = IstioLabels.GatewayNamespace(kind);
        if (!Names.IsDns1123Label(ns))
        {
            r.Error($"{path}.namespace", $"'{ConfigReader.Clip(ns)}' is not a valid namespace ({Names.Dns1123LabelRule}); leave it out for '{own}'");
            return null;
        }

        if (ns is "default" or "kube-system" or "kube-public" or "kube-node-lease")
        {
            r.Error($"{path}.namespace", $"'{ns}' belongs to Kubernetes and holds other workloads' Secrets, which the gateway's service account could read; leave it out for '{own}'");
            return null;
        }

        if (ns == IstioLabels.IstioSystem)
        {
            r.Warn($"{path}.namespace", kind == GatewayKind.Ingress
                ? $"the ingress gateway in istio-system can read the cacerts Secret (the cluster's intermediate CA key): the gateway chart's Role grants its service account every Secret of its namespace. Remove this key to move it to '{own}' (README: Moving the gateways out of istio-system)"
                : $"the east-west gateway stays in istio-system, beside the cacerts Secret (its chart Role is off, so it cannot read it). Remove this key to move it to '{own}' (README: Moving the gateways out of istio-system)");
        }

        return ns == own ? null : ns;
    }

    internal static void CheckReachable(ConfigReader r, string? address, string path)
    {
        if (address is not null && ReachableAddress.Problem(address) is { } problem)
        {
            r.Error(path, problem);
        }
    }
}
