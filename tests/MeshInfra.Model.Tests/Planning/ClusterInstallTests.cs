using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>What every cluster gets: namespace, trust, Istio releases, east-west gateway, DNS.</summary>
public sealed class ClusterInstallTests
{
    private static readonly MeshPlan Plan = Configs.Plan(Configs.Seed);

    [Fact]
    public void IstioSystemIsLabelledWithTheClusterNetwork()
    {
        Assert.Equal("network1", Plan.Object("cluster1", "Namespace", "istio-system").Metadata.Labels["topology.istio.io/network"]);
        Assert.Equal("network2", Plan.Object("cluster2", "Namespace", "istio-system").Metadata.Labels["topology.istio.io/network"]);
    }

    [Fact]
    public void CacertsHasTheFourKeysAllDeferredToTheDeploy()
    {
        var secret = Plan.Object("cluster2", "Secret", "cacerts");
        Assert.Equal("istio-system", secret.Metadata.Namespace);
        var data = (MapNode)secret.Body["stringData"]!;
        Assert.Equal(["ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem"], data.Entries.Select(e => e.Key));
        Assert.All(data.Entries, e => Assert.Equal(new GeneratedCertificate("cluster2", e.Key), Assert.IsType<DeferredNode>(e.Value).Value));
    }

    [Fact]
    public void CacertsComesBeforeIstiodAndBaseBeforeIstiod()
    {
        int At(string cluster, string name) => Plan.ApplyOrder.IndexOf(new ResourceId(cluster, name));
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            Assert.True(At(cluster, "Secret/istio-system/cacerts") < At(cluster, "helm/istiod"));
            Assert.True(At(cluster, "helm/istio-base") < At(cluster, "helm/istiod"));
            Assert.True(At(cluster, "helm/istiod") < At(cluster, "helm/istio-eastwestgateway"));
            Assert.True(At(cluster, "ca/intermediate") < At(cluster, "Secret/istio-system/cacerts"));
            Assert.True(At("mesh", "ca/root") < At(cluster, "ca/intermediate"));
        }
    }

    [Fact]
    public void EveryIstioObjectComesAfterIstiodAndInjectedNamespacesToo()
    {
        int At(ResourceId id) => Plan.ApplyOrder.IndexOf(id);
        foreach (var cluster in Plan.Clusters)
        {
            var istiod = At(new ResourceId(cluster.Cluster.Name, "helm/istiod"));
            Assert.All(cluster.Objects.Where(o => o.Object.IsIstioCustomResource), o => Assert.True(At(o.Id) > istiod, o.Id.ToString()));
            Assert.All(cluster.Objects.Where(o => o.Object.Metadata.Labels.ContainsKey("istio-injection")), o => Assert.True(At(o.Id) > istiod, o.Id.ToString()));
        }
    }

    [Fact]
    public void WorkloadsComeAfterTheirNamespace()
    {
        int At(ResourceId id) => Plan.ApplyOrder.IndexOf(id);
        var foo = At(new ResourceId("cluster1", "Namespace/foo"));
        Assert.True(At(new ResourceId("cluster1", "Deployment/foo/sleep")) > foo);
        Assert.True(At(new ResourceId("cluster1", "ServiceAccount/foo/sleep")) > foo);
    }

    [Fact]
    public void IstiodValuesCarryMeshClusterNetworkAndDnsCapture()
    {
        var istiod = Plan.Release("cluster2", "istiod");
        Assert.Equal("istiod", istiod.Chart);
        Assert.Equal("1.31.1", istiod.Version);
        Assert.Equal("oci://ghcr.io/istio/release/charts", istiod.Repository);
        Assert.Equal("oci://ghcr.io/istio/release/charts/istiod", istiod.ChartReference);
        Assert.Null(istiod.RepositoryUrl);
        Assert.Equal("docker.io/istio", istiod.Values.At("global", "hub").Text());
        Assert.Null(istiod.Values["revision"]);
        Assert.Equal("mesh1", istiod.Values.At("global", "meshID").Text());
        Assert.Equal("cluster2", istiod.Values.At("global", "multiCluster", "clusterName").Text());
        Assert.Equal("network2", istiod.Values.At("global", "network").Text());
        Assert.Equal("true", istiod.Values.At("meshConfig", "defaultConfig", "proxyMetadata", "ISTIO_META_DNS_CAPTURE").Text());
    }

    [Fact]
    public void EastWestGatewayReleaseIsANetworkGateway()
    {
        var gateway = Plan.Release("cluster1", "istio-eastwestgateway");
        Assert.Equal("gateway", gateway.Chart);
        Assert.Equal("istio-eastwestgateway", gateway.Values["name"].Text());
        Assert.Equal("network1", gateway.Values["networkGateway"].Text());
        Assert.Equal("eastwestgateway", gateway.Values.At("labels", "istio").Text());
        // MeshInfra owns the gateway Service, so the chart must not make a second one.
        Assert.Equal("None", gateway.Values.At("service", "type").Text());
    }

    [Fact]
    public void EastWestGatewayServiceExposesOnlyTheMtlsAndStatusPorts()
    {
        var service = Plan.Object("cluster1", "Service", "istio-eastwestgateway");
        Assert.Equal("istio-eastwest", service.Metadata.Namespace);
        Assert.Equal("network1", service.Metadata.Labels["topology.istio.io/network"]);
        var spec = (MapNode)service.Body["spec"]!;
        Assert.Equal("LoadBalancer", spec["type"].Text());
        Assert.Equal(("istio-eastwestgateway", "eastwestgateway"), (spec.At("selector", "app").Text(), spec.At("selector", "istio").Text()));
        // Nothing listens on 15012/15017 in a multi-primary mesh: every cluster runs its own istiod.
        Assert.Equal(["status-port:15021", "tls:15443"],
            spec["ports"].Items().Cast<MapNode>().Select(p => $"{p["name"].Text()}:{p["port"].Text()}"));
        Assert.All(spec["ports"].Items().Cast<MapNode>(), p => Assert.Null(p["nodePort"]));
    }

    [Fact]
    public void IngressGatewayServiceServesHttpAndHttps()
    {
        var service = Plan.Object("cluster1", "Service", "istio-ingressgateway");
        Assert.False(service.Metadata.Labels.ContainsKey("topology.istio.io/network"));
        Assert.Equal("ingressgateway", service.Body.At("spec", "selector", "istio").Text());
        Assert.Equal(["status-port:15021", "http2:80", "https:443"],
            service.Body.At("spec", "ports").Items().Cast<MapNode>().Select(p => $"{p["name"].Text()}:{p["port"].Text()}"));
        Assert.DoesNotContain(Plan.Objects("cluster2", "Service"), s => s.Metadata.Name == "istio-ingressgateway");
    }

    [Fact]
    public void IngressGatewayOnlyWhereConfigured()
    {
        Assert.Single(Plan.Cluster("cluster1").Releases, r => r.ReleaseName == "istio-ingressgateway");
        Assert.DoesNotContain(Plan.Cluster("cluster2").Releases, r => r.ReleaseName == "istio-ingressgateway");
    }

    [Fact]
    public void EastWestGatewayPassesThroughOnlyTheServicesThisClusterServes()
    {
        var gateway = Plan.Object("cluster1", "Gateway", "cross-network-gateway");
        var server = (MapNode)gateway.Body.At("spec", "servers").Items().Single();
        Assert.Equal("15443", server.At("port", "number").Text());
        Assert.Equal("AUTO_PASSTHROUGH", server.At("tls", "mode").Text());
        // No global host and no wildcard: a request entering the gateway can only reach this cluster's pods.
        Assert.Equal(["details.default.svc.cluster.local", "productpage.default.svc.cluster.local", "reviews.default.svc.cluster.local"], server["hosts"].Items().Select(h => h.Text()));
        Assert.Equal("eastwestgateway", gateway.Body.At("spec", "selector", "istio").Text());
    }

    [Fact]
    public void DnsBlockListsEveryGlobalHostWithItsAddress()
    {
        var dns = Plan.Cluster("cluster1").Dns!;
        Assert.Equal(DnsMode.Corefile, dns.Mode);
        Assert.Equal("coredns", dns.ConfigMapName);
        Assert.Equal("Corefile", dns.DataKey);
        Assert.Equal(Plan.GlobalHosts.Select(h => (h.Host, h.Address.ToString())), dns.Block.Entries.Select(e => (e.Hostname, e.Address)).OrderBy(e => e.Hostname, StringComparer.Ordinal));
    }

    [Fact]
    public void CorednsCustomModeWritesAServerKey()
    {
        var plan = Configs.Plan(Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"dns\": \"coredns-custom\",", StringComparison.Ordinal));
        var dns = plan.Cluster("cluster2").Dns!;
        Assert.Equal("coredns-custom", dns.ConfigMapName);
        Assert.EndsWith(".server", dns.DataKey, StringComparison.Ordinal);
    }

    [Fact]
    public void DnsModeRemoveTakesTheBlockOutOfTheCorefile()
    {
        var plan = Configs.Plan(Configs.Seed.Replace("\"network\": \"network2\"", "\"network\": \"network2\", \"dns\": \"remove\"", StringComparison.Ordinal));
        Assert.Equal(DnsMode.Corefile, plan.Cluster("cluster1").Dns!.Mode);
        var removal = plan.Cluster("cluster2").Dns!;
        Assert.Equal((DnsMode.Remove, "coredns", "Corefile"), (removal.Mode, removal.ConfigMapName, removal.DataKey));
        Assert.Equal("CoreDNS kube-system/coredns key Corefile (remove MeshInfra's global block)", removal.Describe());
    }

    [Fact]
    public void DnsModeNoneLeavesCorednsAlone()
    {
        var plan = Configs.Plan(Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"dns\": \"none\",", StringComparison.Ordinal));
        Assert.All(plan.Clusters, c => Assert.Null(c.Dns));
    }

    [Fact]
    public void IntermediateCaFollowsIstiosProfile()
    {
        var intermediate = Plan.Cluster("cluster2").Resources.OfType<PlannedCertificate>().Single();
        var cert = intermediate.Certificate;
        Assert.Equal(("Istio", "Intermediate CA", "cluster2"), (cert.Subject.Organization, cert.Subject.CommonName, cert.Subject.Locality));
        // No pathlen claim: Pulumi.Tls 5.5.1 cannot issue pathlen:0 (see CertificateProfile).
        Assert.Equal(("RSA", 4096, 3650, true, (int?)null), (cert.KeyAlgorithm, cert.RsaBits, cert.ValidityDays, cert.IsCertificateAuthority, cert.MaxPathLength));
        Assert.Equal(["istiod.istio-system.svc"], cert.DnsNames.ToArray());
        Assert.Equal(["digital_signature", "content_commitment", "key_encipherment", "cert_signing"], cert.AllowedUses.ToArray());
        Assert.Equal(new ResourceId("mesh", "ca/root"), intermediate.SignedBy);

        var root = Plan.Trust.Single().Certificate;
        Assert.Equal(("Istio", "Root CA", (string?)null), (root.Subject.Organization, root.Subject.CommonName, root.Subject.Locality));
        Assert.Null(root.MaxPathLength);
        Assert.Empty(root.DnsNames);
    }

    [Fact]
    public void StrictMtlsGivesAStrictMeshPeerAuthentication()
    {
        var plan = Configs.Plan(Configs.ThreeClusters);
        Assert.All(plan.Clusters, c => Assert.Equal("STRICT", plan.Object(c.Cluster.Name, "PeerAuthentication", "default").Body.At("spec", "mtls", "mode").Text()));
    }
}
