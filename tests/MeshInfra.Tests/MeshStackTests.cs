using Pulumi;

namespace MeshInfra.Tests;

[Collection(EngineCollection.Name)]
public sealed class MeshStackTests
{
    private const string Provider = "pulumi:providers:kubernetes";

    [Fact]
    public async Task OneProviderPerClusterWithTheConfiguredContext()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var providers = run.OfType(Provider).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["cluster1-provider", "cluster2-provider"], providers.Select(p => p.Name));
        Assert.Equal("kind-cluster1", providers[0].Inputs["context"]);
        Assert.False(providers[0].Inputs.ContainsKey("kubeconfig"));
        Assert.Equal("kind-cluster2", providers[1].Inputs["context"]);
        Assert.Equal("/home/me/.kube/other", providers[1].Inputs["kubeconfig"]);
    }

    [Fact]
    public async Task KubeconfigContentsReachTheProviderAsASecretOutputAndNeverTheModel()
    {
        // Longer than any config string the model accepts: the model must see only that it is secret.
        var contents = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: " + new string('t', 2000) + "\n";
        var mesh = Configs.Seed.Replace("\"network\": \"network1\",", "\"network\": \"network1\", \"kubeconfig\": " + System.Text.Json.JsonSerializer.Serialize(contents) + ",", StringComparison.Ordinal);
        Assert.NotEqual(Configs.Seed, mesh);

        // The mesh key marked secret, as for a stack whose kubeconfig is a secure: value.
        var run = await EngineRun.StartAsync(mesh, Configs.SeedFacts, secrets: new Dictionary<string, string> { ["mesh-infra:mesh"] = mesh });

        var clusters = run.Resources.OfType<MeshCluster>().ToDictionary(c => c.Name, StringComparer.Ordinal);
        var (value, isSecret) = await EngineRun.ReadAsync(clusters["cluster1"].SecretKubeconfig!);
        Assert.Equal(contents, value);
        Assert.True(isSecret, "the provider's kubeconfig is not a secret Output");
        Assert.True(run.Named(Provider, "cluster1-provider").Inputs.ContainsKey("kubeconfig"));
        // A path stays a plain input: it names a file, it holds no credentials.
        Assert.Null(clusters["cluster2"].SecretKubeconfig);
        Assert.Equal("/home/me/.kube/other", run.Named(Provider, "cluster2-provider").Inputs["kubeconfig"]);
    }

    [Fact]
    public async Task EveryKubernetesResourceCarriesItsClustersProviderAndNoneTheDefault()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var kubernetes = run.Mocks.Resources.Where(r => r.Type!.StartsWith("kubernetes:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(kubernetes);
        Assert.All(kubernetes, r =>
        {
            // Resource names start with their cluster, and so must the provider they deploy through.
            var cluster = r.Name!.Split('/')[0];
            if (r.Type == "kubernetes:yaml/v2:ConfigGroup")
            {
                Assert.Equal($"{cluster}-provider", run.ComponentProvider(r.Name)?.GetResourceName());
                return;
            }

            Assert.False(string.IsNullOrEmpty(r.Provider), $"{r.Type} {r.Name} has no explicit provider");
            Assert.DoesNotContain("default", r.Provider!, StringComparison.Ordinal);
            Assert.Equal(cluster, MeshMocks.ClusterOf(r));
        });
        Assert.Contains(kubernetes, r => r.Type == "kubernetes:yaml/v2:ConfigGroup");
    }

    [Fact]
    public async Task ServiceEntryEndpointIsTheMockedRemoteGatewayIp()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var entry = run.Named("kubernetes:networking.istio.io/v1:ServiceEntry", "cluster1/ServiceEntry/istio-system/httpbin.bar.global");
        Assert.Equal("203.0.113.20", entry.Inputs.At("spec", "endpoints", 0, "address"));
        Assert.Equal(15443, Convert.ToInt32(entry.Inputs.At("spec", "endpoints", 0, "ports", "http")));
        var owner = run.Named("kubernetes:networking.istio.io/v1:ServiceEntry", "cluster2/ServiceEntry/istio-system/httpbin.bar.global");
        // The owner's own clients go through its own gateway, by its in-cluster name.
        Assert.Equal("istio-eastwestgateway.istio-eastwest.svc.cluster.local", owner.Inputs.At("spec", "endpoints", 0, "address"));
    }

    [Fact]
    public async Task UnderStaticResolutionTheOwnEndpointIsTheMockedGatewayClusterIp()
    {
        var run = await EngineRun.StartAsync(Configs.StaticSeed, Configs.SeedFacts);
        var owner = run.Named("kubernetes:networking.istio.io/v1:ServiceEntry", "cluster2/ServiceEntry/istio-system/httpbin.bar.global");
        Assert.Equal("STATIC", owner.Inputs.At("spec", "resolution"));
        // Read from the gateway Service's spec once the cluster assigned it.
        Assert.Equal("10.96.0.20", owner.Inputs.At("spec", "endpoints", 0, "address"));
        var entry = run.Named("kubernetes:networking.istio.io/v1:ServiceEntry", "cluster1/ServiceEntry/istio-system/httpbin.bar.global");
        Assert.Equal("203.0.113.20", entry.Inputs.At("spec", "endpoints", 0, "address"));
    }

    [Fact]
    public async Task AwsHostnameAndNodePortGatewaysResolveTooAndCorednsCustomGetsAServerKey()
    {
        var run = await EngineRun.StartAsync(Configs.ThreeModes, Configs.ThreeModesFacts);
        var pay = run.Named("kubernetes:networking.istio.io/v1:ServiceEntry", "gke/ServiceEntry/istio-system/pay.shop.global");
        Assert.Equal("a1b2c3.elb.us-east-1.amazonaws.com", pay.Inputs.At("spec", "endpoints", 0, "address"));
        var stock = run.Named("kubernetes:networking.istio.io/v1:ServiceEntry", "gke/ServiceEntry/istio-system/stock.inv.global");
        Assert.Equal("198.51.100.20", stock.Inputs.At("spec", "endpoints", 0, "address"));
        Assert.Equal(30443, Convert.ToInt32(stock.Inputs.At("spec", "endpoints", 0, "ports", "tcp")));

        var custom = run.Named("kubernetes:core/v1:ConfigMapPatch", "onprem/dns/coredns");
        Assert.Equal("coredns-custom", custom.Inputs.At("metadata", "name"));
        var key = Assert.Single(((IDictionary<string, object>)custom.Inputs["data"]).Keys);
        Assert.EndsWith(".server", key, StringComparison.Ordinal);

        var addresses = await EngineRun.ReadAsync(run.Stack.GatewayAddresses);
        Assert.Equal("198.51.100.20:30443", addresses.Value["onprem"]);
        Assert.Equal("a1b2c3.elb.us-east-1.amazonaws.com", addresses.Value["eks"]);
        Assert.Equal("203.0.113.30", addresses.Value["gke"]);
    }

    [Fact]
    public async Task GatewayServicesAreDeclaredAndTheOnlyReadIsTheLiveCorefile()
    {
        // pulumi-dotnet 3.112.1 turns a Get whose id is still unknown into a create (pulumi/pulumi#23757),
        // so gateway addresses come from Services MeshInfra declares, never from reads.
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        Assert.All(run.Mocks.Resources.Where(MeshMocks.IsRead), r => Assert.Equal("kubernetes:core/v1:ConfigMap", r.Type));
        var gateway = run.Named("kubernetes:core/v1:Service", "cluster2/Service/istio-eastwest/istio-eastwestgateway");
        Assert.Equal("LoadBalancer", gateway.Inputs.At("spec", "type"));
        Assert.Equal("network2", gateway.Inputs.At("metadata", "labels", "topology.istio.io/network"));
        Assert.Equal("cluster2", MeshMocks.ClusterOf(gateway));
        var release = run.Named("kubernetes:helm.sh/v3:Release", "cluster2/helm/istio-eastwestgateway");
        Assert.Equal("None", release.Inputs.At("values", "service", "type"));
    }

    [Fact]
    public async Task EastWestExposureReachesTheDeclaredGatewayService()
    {
        var mesh = Configs.Seed.Replace("\"kubeconfig\": \"/home/me/.kube/other\"", "\"kubeconfig\": \"/home/me/.kube/other\", \"gateway\": { \"internalLoadBalancer\": \"aks\", \"loadBalancerSourceRanges\": [\"10.20.0.0/16\"] }", StringComparison.Ordinal);
        Assert.NotEqual(Configs.Seed, mesh);

        var run = await EngineRun.StartAsync(mesh, Configs.SeedFacts);

        var gateway = run.Named("kubernetes:core/v1:Service", "cluster2/Service/istio-eastwest/istio-eastwestgateway");
        Assert.Equal("true", gateway.Inputs.At("metadata", "annotations", "service.beta.kubernetes.io/azure-load-balancer-internal"));
        Assert.Equal(new object?[] { "10.20.0.0/16" }, gateway.Inputs.At("spec", "loadBalancerSourceRanges").Items());
        var other = run.Named("kubernetes:core/v1:Service", "cluster1/Service/istio-eastwest/istio-eastwestgateway");
        Assert.Null(other.Inputs.At("spec", "loadBalancerSourceRanges"));
    }

    [Fact]
    public async Task CacertsSecretPerClusterHasFourSecretKeys()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            var secret = run.Named("kubernetes:core/v1:Secret", $"{cluster}/Secret/istio-system/cacerts");
            var data = (IDictionary<string, object>)secret.Inputs["stringData"];
            Assert.Equal(["ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem"], data.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(MeshMocks.FakePrivateKey, data["ca-key.pem"]);
            Assert.Equal(MeshMocks.FakeCertificate + MeshMocks.FakeCertificate, data["cert-chain.pem"]);

            // The engine marks a Secret's outputs secret itself; what MeshInfra must ensure is that
            // every value it passes in is already a secret Output, so no plaintext reaches state or logs.
            var trust = run.Resources.OfType<MeshTrust>().Single();
            foreach (var key in data.Keys)
            {
                var (value, isSecret) = await EngineRun.ReadAsync(trust.CacertsEntry(cluster, key));
                Assert.True(isSecret, $"{cluster} {key} is not a secret Output");
                Assert.Equal(data[key], value);
            }
        }
    }

    [Fact]
    public async Task IntermediateCaFollowsTheProfileAndEachClusterHasItsOwn()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var keys = run.OfType("tls:index/privateKey:PrivateKey").ToList();
        Assert.Equal(["intermediate-key-cluster1-g1", "intermediate-key-cluster2-g1", "root-ca-key"], keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.Equal(("RSA", 4096), ((string)k.Inputs["algorithm"], Convert.ToInt32(k.Inputs["rsaBits"]))));
        var csr = run.Named("tls:index/certRequest:CertRequest", "intermediate-csr-cluster2-g1");
        Assert.Equal("cluster2", csr.Inputs.At("subject", "locality"));
        Assert.Equal(["istiod.istio-system.svc"], csr.Inputs.At("dnsNames").Items());
        var cert = run.Named("tls:index/locallySignedCert:LocallySignedCert", "intermediate-ca-cluster2-g1");
        Assert.Equal(true, cert.Inputs["isCaCertificate"]);
        // No path-length claim: Pulumi.Tls 5.5.1 writes MaxPathLength 0 as "no limit" (CertificateProfile).
        Assert.True(!cert.Inputs.TryGetValue("maxPathLength", out var pathLength) || pathLength is null);
        Assert.Equal(3650 * 24, Convert.ToInt32(cert.Inputs["validityPeriodHours"]));
    }

    [Fact]
    public async Task ProvidedRootSignsTheIntermediatesAndNoRootIsGenerated()
    {
        const string rootCert = "-----BEGIN CERTIFICATE-----\nORGROOT\n-----END CERTIFICATE-----\n";
        var run = await EngineRun.StartAsync(
            Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"trust\": { \"mode\": \"provided\" },", StringComparison.Ordinal),
            Configs.SeedFacts,
            secrets: new Dictionary<string, string> { ["mesh-infra:rootCaCert"] = rootCert, ["mesh-infra:rootCaKey"] = "-----BEGIN RSA PRIVATE KEY-----\nORGKEY\n-----END RSA PRIVATE KEY-----\n" });
        Assert.DoesNotContain(run.Mocks.Resources, r => r.Name is "root-ca" or "root-ca-key");
        var cert = run.Named("tls:index/locallySignedCert:LocallySignedCert", "intermediate-ca-cluster1-g1");
        Assert.Equal(rootCert, cert.Inputs["caCertPem"]);
        Assert.Contains("ORGKEY", (string)cert.Inputs["caPrivateKeyPem"], StringComparison.Ordinal);
        var trust = run.Resources.OfType<MeshTrust>().Single();
        Assert.Equal((rootCert, true), await EngineRun.ReadAsync(trust.CacertsEntry("cluster2", "root-cert.pem")));
    }

    [Fact]
    public async Task ProvidedIntermediatesGoIntoCacertsAsGivenAndNoKeyIsGeneratedOrRead()
    {
        const string rootCert = "-----BEGIN CERTIFICATE-----\nORGROOT\n-----END CERTIFICATE-----\n";
        var secrets = new Dictionary<string, string> { ["mesh-infra:rootCaCert"] = rootCert };
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            secrets[$"mesh-infra:intermediateCaCert-{cluster}"] = $"-----BEGIN CERTIFICATE-----\nINT-{cluster}\n-----END CERTIFICATE-----\n";
            secrets[$"mesh-infra:intermediateCaKey-{cluster}"] = $"-----BEGIN PRIVATE KEY-----\nKEY-{cluster}\n-----END PRIVATE KEY-----\n";
            secrets[$"mesh-infra:intermediateCaChain-{cluster}"] = $"CHAIN-{cluster}\n";
        }

        // No rootCaKey in the config at all: the program must not need it (the root key stays offline).
        var run = await EngineRun.StartAsync(
            Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"trust\": { \"mode\": \"provided\", \"intermediates\": \"provided\" },", StringComparison.Ordinal),
            Configs.SeedFacts,
            secrets: secrets);
        Assert.DoesNotContain(run.Mocks.Resources, r => r.Type!.StartsWith("tls:", StringComparison.Ordinal));
        var trust = run.Resources.OfType<MeshTrust>().Single();
        Assert.Equal((secrets["mesh-infra:intermediateCaCert-cluster2"], true), await EngineRun.ReadAsync(trust.CacertsEntry("cluster2", "ca-cert.pem")));
        Assert.Equal((secrets["mesh-infra:intermediateCaKey-cluster2"], true), await EngineRun.ReadAsync(trust.CacertsEntry("cluster2", "ca-key.pem")));
        Assert.Equal(("CHAIN-cluster2\n", true), await EngineRun.ReadAsync(trust.CacertsEntry("cluster2", "cert-chain.pem")));
        Assert.Equal((rootCert, true), await EngineRun.ReadAsync(trust.CacertsEntry("cluster2", "root-cert.pem")));
    }

    [Fact]
    public async Task RaisingOneClustersGenerationReissuesOnlyThatIntermediate()
    {
        var before = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var after = await EngineRun.StartAsync(Configs.Seed.Replace("\"network\": \"network2\",", "\"network\": \"network2\", \"intermediateGeneration\": 2,", StringComparison.Ordinal), Configs.SeedFacts);
        static HashSet<string> Tls(EngineRun run) => run.Mocks.Resources.Where(r => r.Type!.StartsWith("tls:", StringComparison.Ordinal)).Select(r => r.Name!).ToHashSet();
        var removed = Tls(before).Except(Tls(after)).Order(StringComparer.Ordinal);
        var added = Tls(after).Except(Tls(before)).Order(StringComparer.Ordinal);
        Assert.Equal(["intermediate-ca-cluster2-g1", "intermediate-csr-cluster2-g1", "intermediate-key-cluster2-g1"], removed);
        Assert.Equal(["intermediate-ca-cluster2-g2", "intermediate-csr-cluster2-g2", "intermediate-key-cluster2-g2"], added);
    }

    [Fact]
    public async Task RootRotationSwitchReissuesOnlyTheSwitchedClusterAndEveryCacertsTrustsBothRoots()
    {
        var idle = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var rotating = await EngineRun.StartAsync(
            Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"trust\": { \"rotation\": { \"phase\": \"switch\", \"from\": \"trustBoth\", \"switched\": [\"cluster1\"] } },", StringComparison.Ordinal),
            Configs.SeedFacts);
        static HashSet<string> Tls(EngineRun run) => run.Mocks.Resources.Where(r => r.Type!.StartsWith("tls:", StringComparison.Ordinal)).Select(r => r.Name!).ToHashSet();
        // The new root is generated beside the old; only cluster1's intermediate moves to it.
        Assert.Equal(["intermediate-ca-cluster1-g1", "intermediate-csr-cluster1-g1", "intermediate-key-cluster1-g1"], Tls(idle).Except(Tls(rotating)).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["intermediate-ca-cluster1-g1-root-g2", "intermediate-csr-cluster1-g1-root-g2", "intermediate-key-cluster1-g1-root-g2", "root-ca-g2", "root-ca-key-g2"],
            Tls(rotating).Except(Tls(idle)).Order(StringComparer.Ordinal));
        var trust = rotating.Resources.OfType<MeshTrust>().Single();
        foreach (var cluster in new[] { "cluster1", "cluster2" })
        {
            Assert.Equal((MeshMocks.FakeCertificate.TrimEnd('\n') + "\n" + MeshMocks.FakeCertificate, true), await EngineRun.ReadAsync(trust.CacertsEntry(cluster, "root-cert.pem")));
        }
    }

    [Fact]
    public async Task HelmReleasesCarryThePlansValuesAndVersion()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var istiod = run.Named("kubernetes:helm.sh/v3:Release", "cluster2/helm/istiod");
        Assert.Equal(("oci://ghcr.io/istio/release/charts/istiod", "1.31.1", "istio-system", "istiod"), ((string)istiod.Inputs["chart"], (string)istiod.Inputs["version"], (string)istiod.Inputs["namespace"], (string)istiod.Inputs["name"]));
        Assert.Equal("mesh1", istiod.Inputs.At("values", "global", "meshID"));
        Assert.Equal("cluster2", istiod.Inputs.At("values", "global", "multiCluster", "clusterName"));
        Assert.Equal("network2", istiod.Inputs.At("values", "global", "network"));
        Assert.Equal("true", istiod.Inputs.At("values", "meshConfig", "defaultConfig", "proxyMetadata", "ISTIO_META_DNS_CAPTURE"));
        var eastWest = run.Named("kubernetes:helm.sh/v3:Release", "cluster1/helm/istio-eastwestgateway");
        Assert.Equal("network1", eastWest.Inputs.At("values", "networkGateway"));
        Assert.Equal("oci://ghcr.io/istio/release/charts/gateway", eastWest.Inputs["chart"]);
        // The ownership marker the kubectl layout's apply.sh reads before uninstalling: the Pulumi path installs it too.
        Assert.Equal("meshinfra", istiod.Inputs.At("values", "deploymentAnnotations", "meshinfra.io/managed-by"));
        Assert.Equal("meshinfra", eastWest.Inputs.At("values", "annotations", "meshinfra.io/managed-by"));
    }

    [Fact]
    public async Task CorednsPatchAddsTheBlockAndKeepsTheRestOfTheLiveCorefile()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var patch = run.Named("kubernetes:core/v1:ConfigMapPatch", "cluster1/dns/coredns");
        var corefile = (string)patch.Inputs.At("data", "Corefile")!;
        Assert.StartsWith(MeshMocks.KubeadmCorefile, corefile, StringComparison.Ordinal);
        Assert.Contains("global:53 {", corefile, StringComparison.Ordinal);
        // The zone answers each exported name itself (a template per name), so the seed's httpbin resolves to its address.
        Assert.Contains("answer \"httpbin.bar.global. 30 IN A 240.", corefile, StringComparison.Ordinal);
        Assert.Equal(MeshMocks.KubeadmCorefile, MeshInfra.Model.Dns.CorefileEditor.Remove(corefile, "global"));
        Assert.Equal("true", patch.Inputs.At("metadata", "annotations", "pulumi.com/patchForce"));
    }

    [Fact]
    public async Task DnsRemoveRestoresTheCorefileAsItWasBeforeMeshInfra()
    {
        // The live Corefile still carries MeshInfra's block from an earlier run.
        var block = new MeshInfra.Model.Dns.MeshDnsBlock("global", [new("240.0.18.109", "httpbin.bar.global")]);
        var facts = new Dictionary<string, ClusterFacts>
        {
            ["cluster1"] = Configs.SeedFacts["cluster1"] with { Corefile = MeshInfra.Model.Dns.CorefileEditor.Apply(MeshMocks.KubeadmCorefile, block) },
            ["cluster2"] = Configs.SeedFacts["cluster2"],
        };
        var run = await EngineRun.StartAsync(Configs.Seed.Replace("\"meshId\": \"mesh1\",", "\"meshId\": \"mesh1\", \"dns\": \"remove\",", StringComparison.Ordinal), facts);
        var patch = run.Named("kubernetes:core/v1:ConfigMapPatch", "cluster1/dns/coredns");
        Assert.Equal(MeshMocks.KubeadmCorefile, patch.Inputs.At("data", "Corefile"));
    }

    [Fact]
    public async Task BadConfigFailsBeforeAnyResourceIsRegistered()
    {
        var mocks = new MeshMocks(Configs.SeedFacts);
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["mesh-infra:mesh"] = Configs.Seed.Replace("\"network2\"", "\"Net 2\"", StringComparison.Ordinal),
        }));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => Pulumi.Deployment.TestAsync<MeshStack>(mocks, new Pulumi.Testing.TestOptions { ProjectName = "mesh-infra", StackName = "test" }));
        Assert.Contains("mesh.clusters[1].network: 'Net 2' is not a valid name", ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(mocks.Resources);
    }

    [Fact]
    public async Task StackOutputsHoldNoKeyMaterial()
    {
        var run = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var texts = new List<string>
        {
            string.Join("\n", (await EngineRun.ReadAsync(run.Stack.GatewayAddresses)).Value),
            string.Join("\n", (await EngineRun.ReadAsync(run.Stack.GlobalHosts)).Value),
            (await EngineRun.ReadAsync(run.Stack.BookinfoUrl)).Value ?? "",
            string.Join("\n", (await EngineRun.ReadAsync(run.Stack.VerifyCommands)).Value),
        };
        Assert.All(texts, t => Assert.DoesNotContain("PRIVATE KEY", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("MOCKKEY", t, StringComparison.Ordinal));
        Assert.Equal("http://203.0.113.10/productpage", texts[2]);
        Assert.Contains("curl -sS http://httpbin.bar.global:8000/headers", texts[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewDeclaresTheSameResourcesWithAddressesStillUnknown()
    {
        var up = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts);
        var preview = await EngineRun.StartAsync(Configs.Seed, Configs.SeedFacts, preview: true);
        static IEnumerable<string> Declared(EngineRun run) => run.Mocks.Resources.Where(r => !MeshMocks.IsRead(r)).Select(r => $"{r.Type} {r.Name}").Order(StringComparer.Ordinal);
        Assert.Equal(Declared(up), Declared(preview));
    }
}
