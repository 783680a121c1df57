using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using Pulumi;
using Pulumi.Kubernetes.AdmissionRegistration.V1;
using Pulumi.Kubernetes.Core.V1;
using Pulumi.Kubernetes.Helm.V3;
using Pulumi.Kubernetes.Types.Inputs.AdmissionRegistration.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Helm.V3;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Yaml.V2;
using Pulumi.Kubernetes.Yaml.V2;

namespace MeshInfra;

/// <summary>
/// One cluster of the mesh: its own Kubernetes provider (its kubeconfig context, never the
/// ambient one), and every resource the plan gives that cluster, each with Parent = this and
/// so that provider. The component only wires; every decision was made by the planner.
/// </summary>
public sealed class MeshCluster : ComponentResource
{
    private readonly ClusterSpec cluster;
    private readonly Dictionary<ResourceId, Service> services = [];

    /// <param name="cluster">The cluster as planned.</param>
    /// <param name="secretKubeconfig">The kubeconfig's contents as a secret Output, when the stack gives contents; else null.</param>
    /// <param name="options">Parent (the stack).</param>
    public MeshCluster(ClusterSpec cluster, Output<string>? secretKubeconfig, ComponentResourceOptions? options = null)
        : base("meshinfra:mesh:Cluster", cluster.Name, options)
    {
        this.cluster = cluster;
        SecretKubeconfig = secretKubeconfig;
        var args = new Pulumi.Kubernetes.ProviderArgs { Context = cluster.Context };
        if (secretKubeconfig is not null)
        {
            // Contents hold credentials: a secret Output keeps them secret in the provider's inputs and the state.
            args.KubeConfig = secretKubeconfig;
        }
        else if (cluster.Kubeconfig is { } path)
        {
            // A path; the provider reads the file.
            args.KubeConfig = path;
        }

        Provider = new Pulumi.Kubernetes.Provider($"{cluster.Name}-provider", args, new CustomResourceOptions { Parent = this });
    }

    public Pulumi.Kubernetes.Provider Provider { get; }

    /// <summary>The kubeconfig contents handed to the provider, secret; null when the stack gives a path or none.</summary>
    internal Output<string>? SecretKubeconfig { get; }

    public string Name => cluster.Name;

    /// <summary>Declares one planned resource after the resources it depends on.</summary>
    internal Resource Declare(PlannedResource planned, IReadOnlyList<Resource> dependsOn, DeferredOutputs deferred)
    {
        var name = $"{planned.Id.Scope}/{planned.Id.Name}";
        var options = new CustomResourceOptions { Parent = this, Provider = Provider, DependsOn = dependsOn.ToList() };
        return planned switch
        {
            PlannedRelease release => DeclareRelease(name, release, options),
            PlannedDnsChange dns => DeclareDns(name, dns, options),
            PlannedObject { IsPatch: true, Object.Kind: RevisionTagWebhook.Kind } deactivation => DeclareInjectorDeactivation(name, deactivation.Object, options),
            PlannedObject { IsPatch: true, Object.Kind: "Namespace" } ns => new NamespacePatch(name, new NamespacePatchArgs
            {
                Metadata = new ObjectMetaPatchArgs { Name = ns.Object.Metadata.Name, Labels = ns.Object.Metadata.Labels.ToDictionary() },
            }, options),
            PlannedObject { Object.Kind: "Namespace" } ns => new Namespace(name, new NamespaceArgs { Metadata = Meta(ns.Object.Metadata) }, options),
            PlannedObject { Object.Kind: "Secret" } secret => DeclareSecret(name, secret.Object, options, deferred),
            PlannedObject { Object.Kind: "Service" } service => services[service.Id] = new Service(name, new ServiceArgs
            {
                Metadata = Meta(service.Object.Metadata),
                Spec = ServiceInputs.Spec(service.Object),
            }, options),
            PlannedObject { Object.IsIstioCustomResource: true } istio => new Pulumi.Kubernetes.ApiExtensions.CustomResource(name, new IstioObjectArgs(istio.Object.ApiVersion, istio.Object.Kind)
            {
                Metadata = Meta(istio.Object.Metadata),
                Spec = ManifestInputs.ToDictionary((MapNode)istio.Object.Body["spec"]!, deferred.Resolve),
            }, options),
            // Sample workloads (ServiceAccount, Deployment) go through one ConfigGroup each:
            // the provider's own YAML engine, so no kind needs a hand-written args mapping.
            PlannedObject other => new ConfigGroup(name, new ConfigGroupArgs
            {
                Objs = new object[] { ManifestInputs.ToDictionary(other.Object.ToNode(), deferred.Resolve) },
            }, new ComponentResourceOptions { Parent = this, Providers = { Provider }, DependsOn = dependsOn.ToList() }),
            _ => throw new InvalidOperationException($"{planned.Id} is not a cluster resource."),
        };
    }

    /// <summary>The host (IP or DNS name) other clusters dial for one of this cluster's gateways.</summary>
    public Output<string> GatewayHost(GatewayKind kind)
    {
        var gateway = cluster.Gateway(kind);
        return gateway.AddressMode switch
        {
            GatewayAddressMode.Static or GatewayAddressMode.ExternalDns => Output.Create(gateway.StaticAddress!),
            GatewayAddressMode.NodePort => Output.Create(gateway.NodeAddress!),
            _ => GatewayService(kind).Status.Apply(status =>
            {
                var ingress = status?.LoadBalancer?.Ingress;
                var first = ingress is { IsDefaultOrEmpty: false } list ? list[0] : null;
                // AWS load balancers publish a hostname, most others an IP.
                return first?.Ip ?? first?.Hostname ?? throw new InvalidOperationException(
                    $"The {kind} gateway Service in cluster '{cluster.Name}' has no load balancer address yet; " +
                    "see README, Troubleshooting: 'gateway address pending'.");
            }),
        };
    }

    /// <summary>The NodePort of a gateway's service port, read from the live Service unless config fixes it.</summary>
    public Output<int> GatewayNodePort(GatewayKind kind)
    {
        var gateway = cluster.Gateway(kind);
        if (gateway.NodePort is { } fixedPort)
        {
            return Output.Create(fixedPort);
        }

        var servicePort = IstioLabels.DialledPort(kind);
        return GatewayService(kind).Spec.Apply(spec =>
            spec.Ports.FirstOrDefault(p => p.Port == servicePort)?.NodePort
            ?? throw new InvalidOperationException($"The {kind} gateway Service in cluster '{cluster.Name}' has no NodePort for port {servicePort}."));
    }

    /// <summary>
    /// The ClusterIP the API server gave the east-west gateway Service, by which this cluster's own
    /// sidecars dial it under static resolution: the Service's spec, an ordinary output once it exists.
    /// </summary>
    public Output<string> GatewayClusterIp() =>
        GatewayService(GatewayKind.EastWest).Spec.Apply(spec => spec?.ClusterIP is { Length: > 0 } ip && ip != "None"
            ? ip
            : throw new InvalidOperationException($"The east-west gateway Service in cluster '{cluster.Name}' has no ClusterIP; mesh.endpointResolution 'static' dials it by that IP."));

    /// <summary>What a person or another cluster dials: host, plus the NodePort in nodePort mode.</summary>
    public Output<string> GatewayEndpoint(GatewayKind kind) =>
        cluster.Gateway(kind).AddressMode == GatewayAddressMode.NodePort
            ? Output.Tuple(GatewayHost(kind), GatewayNodePort(kind)).Apply(t => $"{t.Item1}:{t.Item2}")
            : GatewayHost(kind);

    /// <summary>Registers the component's outputs; called once every child is declared.</summary>
    public void Complete(Output<string> eastWestEndpoint) =>
        RegisterOutputs(new Dictionary<string, object?> { ["eastWestGateway"] = eastWestEndpoint });

    /// <summary>
    /// The gateway Service MeshInfra declared (the chart's own is off). Its status and ports are
    /// ordinary outputs: unknown in a preview only where the Service is really being created.
    /// </summary>
    private Service GatewayService(GatewayKind kind) =>
        services.TryGetValue(MeshPlanner.GatewayServiceId(cluster, kind), out var service) ? service
            : throw new InvalidOperationException($"The {kind} gateway Service of cluster '{cluster.Name}' must be declared before its address is read.");

    /// <summary>
    /// An OCI source goes in as the full chart reference with no repository options: the provider
    /// (helm_release.go, resolveChartName/locateChart) pulls an oci:// chart name through its registry
    /// client, while a repository URL would make it look for an index.yaml that OCI registries lack.
    /// </summary>
    private static Release DeclareRelease(string name, PlannedRelease planned, CustomResourceOptions options)
    {
        var args = new ReleaseArgs
        {
            Name = planned.ReleaseName,
            Chart = planned.ChartReference,
            Version = planned.Version,
            Namespace = planned.Namespace,
            Values = ManifestInputs.ToHelmValues(planned.Values),
        };
        if (planned.RepositoryUrl is { } repository)
        {
            args.RepositoryOpts = new RepositoryOptsArgs { Repo = repository };
        }

        // The base release: uninstalling it deletes Istio's CRDs and every Istio object with them, so a
        // cluster leaving the mesh, or pulumi destroy, forgets it instead (istio.purgeCrdsOnDelete opts out).
        if (planned.RetainOnDelete)
        {
            options.RetainOnDelete = true;
        }

        return new Release(name, args, options);
    }

    private static Secret DeclareSecret(string name, KubeObject secret, CustomResourceOptions options, DeferredOutputs deferred)
    {
        var data = new InputMap<string>();
        foreach (var entry in ((MapNode)secret.Body["stringData"]!).Entries)
        {
            data.Add(entry.Key, entry.Value switch
            {
                DeferredNode d => deferred.Resolve(d.Value).Apply(v => (string)v),
                ScalarNode { Value: string s } => Output.CreateSecret(s),
                _ => throw new InvalidOperationException($"Secret {secret.Identity} key {entry.Key} is not a string."),
            });
        }

        return new Secret(name, new SecretArgs
        {
            Metadata = Meta(secret.Metadata),
            Type = ((ScalarNode)secret.Body["type"]!).Value.ToString()!,
            StringData = data,
        }, options);
    }

    /// <summary>
    /// MeshInfra's CoreDNS block. Corefile mode: the live Corefile is read and MeshInfra's block
    /// spliced in (everything else byte for byte); the patch is retained on delete, because
    /// deleting a server-side-apply patch drops the fields it owns, which would be the whole
    /// Corefile key. coredns-custom mode: the block is one key MeshInfra owns outright, so
    /// deleting the patch removes exactly MeshInfra's key.
    /// </summary>
    private ConfigMapPatch DeclareDns(string name, PlannedDnsChange dns, CustomResourceOptions options)
    {
        var metadata = new ObjectMetaPatchArgs
        {
            Name = dns.ConfigMapName,
            Namespace = PlannedDnsChange.ConfigMapNamespace,
            Annotations = { { "pulumi.com/patchForce", "true" } },
        };
        if (dns.Mode == DnsMode.CorednsCustom)
        {
            return new ConfigMapPatch(name, new ConfigMapPatchArgs
            {
                Metadata = metadata,
                Data = { { dns.DataKey, CorefileEditor.RenderServerBlock(dns.Block) } },
            }, options);
        }

        var live = ConfigMap.Get($"{cluster.Name}/coredns-live", $"{PlannedDnsChange.ConfigMapNamespace}/{PlannedDnsChange.CorefileConfigMap}",
            new CustomResourceOptions { Parent = this, Provider = Provider });
        var edited = live.Data.Apply(data => data.TryGetValue(PlannedDnsChange.CorefileKey, out var corefile)
            ? dns.Mode == DnsMode.Remove ? CorefileEditor.Remove(corefile, dns.Block.GlobalDomain) : CorefileEditor.Apply(corefile, dns.Block)
            : throw new InvalidOperationException($"kube-system/coredns in cluster '{cluster.Name}' has no Corefile key; set mesh.dns to 'coredns-custom' or 'none' for this cluster."));
        options.RetainOnDelete = true;
        return new ConfigMapPatch(name, new ConfigMapPatchArgs
        {
            Metadata = metadata,
            Data = { { PlannedDnsChange.CorefileKey, edited } },
        }, options);
    }

    /// <summary>
    /// The handover's deactivation of the old revision-less injector: a forced server-side patch
    /// (the old istiod's Helm release owns those selectors) setting every webhook's selectors to match
    /// nothing. Retained on delete: the old release's uninstall deletes the object in the same run,
    /// so when a later run drops the patch there is nothing to hand back.
    /// </summary>
    private static MutatingWebhookConfigurationPatch DeclareInjectorDeactivation(string name, KubeObject patch, CustomResourceOptions options)
    {
        static LabelSelectorPatchArgs Selector(ManifestNode? selector) => new()
        {
            MatchLabels = ((MapNode)((MapNode)selector!)["matchLabels"]!).Entries.ToDictionary(e => e.Key, e => (string)((ScalarNode)e.Value).Value),
        };

        options.RetainOnDelete = true;
        return new MutatingWebhookConfigurationPatch(name, new MutatingWebhookConfigurationPatchArgs
        {
            Metadata = new ObjectMetaPatchArgs { Name = patch.Metadata.Name, Annotations = { { "pulumi.com/patchForce", "true" } } },
            Webhooks = ((ListNode)patch.Body["webhooks"]!).Items.Cast<MapNode>().Select(w => new MutatingWebhookPatchArgs
            {
                Name = (string)((ScalarNode)w["name"]!).Value,
                NamespaceSelector = Selector(w["namespaceSelector"]),
                ObjectSelector = Selector(w["objectSelector"]),
            }).ToArray(),
        }, options);
    }

    private static ObjectMetaArgs Meta(ObjectMeta meta)
    {
        var args = new ObjectMetaArgs
        {
            Name = meta.Name,
            Labels = meta.Labels.ToDictionary(),
            Annotations = meta.Annotations.ToDictionary(),
        };
        if (meta.Namespace is { } ns)
        {
            args.Namespace = ns;
        }

        return args;
    }
}
