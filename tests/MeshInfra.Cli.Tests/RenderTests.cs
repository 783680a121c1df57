using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests;

public sealed partial class RenderTests
{
    private const string Cluster2Address = "cluster2.gatewayAddress=203.0.113.7";

    private static IEnumerable<YamlMappingNode> ServiceEntries(string folder) =>
        Directory.EnumerateFiles(folder, "*-serviceentry-*.yaml").Order(StringComparer.Ordinal).Select(YamlDocs.Load);

    /// <summary>The endpoint addresses a ServiceEntry gives for instances in <paramref name="cluster"/>.</summary>
    private static IEnumerable<YamlScalarNode> EndpointAddressesFor(YamlMappingNode entry, string cluster) =>
        ((YamlSequenceNode)entry.At("spec", "endpoints")).Children
            .Where(e => e.Text("labels", "cluster") == cluster)
            .Select(e => (YamlScalarNode)e.At("address"));

    [Fact]
    public void Cluster1ServiceEntriesCarryTheGatewayAddressGivenWithSet()
    {
        using var temp = new TempDirectory();
        var output = CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path, "--set", Cluster2Address);

        var addresses = ServiceEntries(temp.Combine("cluster1")).SelectMany(e => EndpointAddressesFor(e, "cluster2")).ToList();

        // httpbin, ratings and reviews v2 + v3 run in cluster2.
        Assert.Equal(4, addresses.Count);
        Assert.All(addresses, a => Assert.Equal("203.0.113.7", a.Value));
        Assert.All(addresses, a => Assert.NotEqual(ScalarStyle.Plain, a.Style));
        Assert.Contains("placeholders left for values known at deploy time: ${cluster1.gatewayAddress}", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutSetServiceEntriesCarryVisiblePlaceholders()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);

        var cluster1 = ServiceEntries(temp.Combine("cluster1")).SelectMany(e => EndpointAddressesFor(e, "cluster2")).Select(a => a.Value).ToList();
        var cluster2 = ServiceEntries(temp.Combine("cluster2")).SelectMany(e => EndpointAddressesFor(e, "cluster1")).Select(a => a.Value).ToList();

        Assert.Equal(4, cluster1.Count);
        Assert.All(cluster1, a => Assert.Equal("${cluster2.gatewayAddress}", a));
        Assert.NotEmpty(cluster2);
        Assert.All(cluster2, a => Assert.Equal("${cluster1.gatewayAddress}", a));
    }

    [Fact]
    public void LocalInstancesAreReachedThroughTheClustersOwnGateway()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path, "--set", Cluster2Address);

        var reviews = YamlDocs.Load(Directory.GetFiles(temp.Combine("cluster1"), "*-serviceentry-istio-system-reviews.default.global.yaml").Single());

        Assert.Equal("istio-eastwestgateway.istio-eastwest.svc.cluster.local", Assert.Single(EndpointAddressesFor(reviews, "cluster1")).Value);
    }

    [Fact]
    public void EveryKeyPlanShowsIsSettableInRender()
    {
        // plan shows the ingress address (httpbin's check); render must accept the same key.
        using var temp = new TempDirectory();
        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path, "--set", Cluster2Address, "--set", "cluster1.ingressAddress=198.51.100.9");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("${cluster1.ingressAddress}", CliRunner.Ok("plan", Repo.DevStack).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesAreNumberedByDependencyLayerWithKindNamespaceAndName()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var plan = RepoStacks.Dev.Plan;

        var files = RenderedTree.Bytes(temp.Path).Keys.ToList();

        Assert.Equal(["cluster1", "cluster2", "mesh"], files.Select(f => f.Split('/')[0]).Distinct());
        Assert.All(files, f => Assert.Matches(FileName(), f.Split('/')[1]));
        Assert.Contains("mesh/01-certificate-ca-root.yaml", files);
        Assert.Contains("cluster1/01-namespace-istio-system.yaml", files);
        Assert.Contains("cluster2/05-helm-istio-eastwestgateway.values.yaml", files);
        Assert.Contains("cluster2/05-helm-istio-eastwestgateway.release.yaml", files);

        // Every dependency's files sort before its dependents' files, across folders too.
        var layers = FileNames.Layers(plan);
        Assert.All(plan.Edges, e => Assert.True(layers[e.Before] < layers[e.After], $"{e.Before} is not in a layer before {e.After}"));
        Assert.Equal(Enumerable.Range(1, plan.Depth), files.Select(f => int.Parse(f.Split('/')[1][..2], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order());
        Assert.Contains($"cluster1/{layers[new MeshInfra.Model.Planning.ResourceId("cluster1", "Deployment/foo/sleep")]:D2}-deployment-foo-sleep.yaml", files);
    }

    [Fact]
    public void AddingAServiceRenamesNoFile()
    {
        using var temp = new TempDirectory();
        var bigger = temp.File("Pulumi.bigger.yaml", File.ReadAllText(Repo.DevStack).Replace("    routes:\n", """
                services:
                  - name: orders
                    namespace: shop
                    ports: [{ name: http, number: 8080, protocol: HTTP }]
                    clusters: [cluster2]
                routes:

            """, StringComparison.Ordinal));
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Combine("before"));
        CliRunner.Ok("render", bigger, "--out", temp.Combine("after"));

        var before = RenderedTree.Bytes(temp.Combine("before"));
        var after = RenderedTree.Bytes(temp.Combine("after"));

        Assert.Empty(before.Keys.Except(after.Keys));
        Assert.Contains(after.Keys, k => k.Contains("orders.shop.global", StringComparison.Ordinal));
        // Of the files both renders have, only those describing what the new service changes: every
        // cluster's DNS (a new global host), the cross-network Gateway of cluster2, where it runs, and the
        // route copy exported by name to the namespaces the stack knows clients in (shop is a new one).
        var changed = before.Keys.Where(k => !before[k].AsSpan().SequenceEqual(after[k])).ToList();
        // Named without their layer number, which moves whenever the dependencies legitimately change.
        Assert.Equal(
            ["cluster1/corefile-kube-system-coredns.yaml", "cluster1/virtualservice-istio-system-reviews.default.global.exported.yaml", "cluster2/corefile-kube-system-coredns.yaml", "cluster2/gateway-istio-system-cross-network-gateway.yaml"],
            changed.Select(k => k.Split('/')[0] + "/" + k.Split('/')[1][3..]));
    }

    [Fact]
    public void EveryFileIsLfOnlyWithTwoSpaceIndentation()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path);

        Assert.All(RenderedTree.Texts(temp.Path), text =>
        {
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.All(text.Split('\n'), line => Assert.True((line.Length - line.TrimStart(' ').Length) % 2 == 0, $"odd indentation: '{line}'"));
        });
    }

    [Fact]
    public void EveryRenderedObjectReadsBackAsThePlannedObject()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path, "--set", Cluster2Address);
        var stack = RepoStacks.Dev;
        var values = DeferredValueResolver.FromSetArguments(stack.Plan, [Cluster2Address]);

        foreach (var cluster in stack.Plan.Clusters)
        {
            foreach (var planned in cluster.Objects)
            {
                var obj = planned.Object;
                var file = Directory.GetFiles(temp.Combine(cluster.Cluster.Name), $"*-{obj.Kind.ToLowerInvariant()}-{(obj.Metadata.Namespace is { } ns ? ns + "-" : "")}{obj.Metadata.Name}.yaml").Single();
                var expected = ManifestJson.ToJson(obj.ToNode(), v => values.Resolve(v).Value)!.ToJsonString();

                // Read back the way Pulumi reads YAML: plain ints and booleans typed, everything else text.
                var stream = new YamlStream();
                stream.Load(new StringReader(File.ReadAllText(file)));
                var actual = YamlJson.Convert(stream.Documents[0].RootNode, "x", file, new Dictionary<string, SourcePosition>());

                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText())), $"{file} does not read back as planned:\n{actual}\nexpected:\n{expected}");
            }
        }
    }

    [Fact]
    public void UnknownSetKeyIsBadInputListingTheKnownKeys()
    {
        using var temp = new TempDirectory();

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path, "--set", "cluster3.gatewayAddress=10.0.0.1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                "--set cluster3.gatewayAddress: unknown key; this stack has no deferred value of that name",
                "known keys: cluster1.gatewayAddress, cluster1.ingressAddress, cluster2.gatewayAddress, cluster2.ingressAddress",
            ],
            result.ErrorLines);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData("cluster2.gatewayAddress", "--set 'cluster2.gatewayAddress': expected KEY=VALUE, e.g. --set cluster2.gatewayAddress=203.0.113.7")]
    [InlineData("=203.0.113.7", "--set '=203.0.113.7': expected KEY=VALUE, e.g. --set cluster2.gatewayAddress=203.0.113.7")]
    [InlineData("cluster2.gatewayAddress=not an address", "--set cluster2.gatewayAddress: 'not an address' is neither an IPv4 address nor a DNS hostname")]
    [InlineData("cluster2.gatewayAddress=999.1.1.1", "--set cluster2.gatewayAddress: '999.1.1.1' is not an IPv4 address: give four numbers from 0 to 255 without leading zeros, such as 203.0.113.7")]
    [InlineData("cluster2.gatewayAddress=10.0.0.256", "--set cluster2.gatewayAddress: '10.0.0.256' is not an IPv4 address: give four numbers from 0 to 255 without leading zeros, such as 203.0.113.7")]
    [InlineData("cluster2.gatewayAddress=1.2.3", "--set cluster2.gatewayAddress: '1.2.3' is not an IPv4 address: give four numbers from 0 to 255 without leading zeros, such as 203.0.113.7")]
    [InlineData("cluster1.cacerts.ca-key.pem=x", "--set cluster1.cacerts.ca-key.pem: is generated at deploy time (a CA certificate or key) and is never rendered, so it cannot be set")]
    [InlineData("cluster1.cacerts.root-cert.pem=x", "--set cluster1.cacerts.root-cert.pem: is generated at deploy time (a CA certificate or key) and is never rendered, so it cannot be set")]
    public void MalformedOrForbiddenSetIsBadInput(string set, string message)
    {
        using var temp = new TempDirectory();

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path, "--set", set);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([message, "known keys: cluster1.gatewayAddress, cluster1.ingressAddress, cluster2.gatewayAddress, cluster2.ingressAddress"], result.ErrorLines);
    }

    [Fact]
    public void NodePortKeyNeedsAWholeNumber()
    {
        using var temp = new TempDirectory();

        var result = CliRunner.Run("render", Repo.ProdStack, "--out", temp.Path, "--set", "dc-frankfurt.gatewayNodePort=3l443");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                "--set dc-frankfurt.gatewayNodePort: '3l443' is not a port number (a whole number from 30000 to 32767)",
                "known keys: dc-frankfurt.gatewayNodePort, eks-us-east-1.gatewayAddress, gke-us-west1.gatewayAddress, gke-us-west1.ingressAddress",
            ],
            result.ErrorLines);
    }

    [Theory]
    [InlineData("8080", "8080 is outside the NodePort range 30000 to 32767, the range gateway.nodePort accepts in the config")]
    [InlineData("32768", "32768 is outside the NodePort range 30000 to 32767, the range gateway.nodePort accepts in the config")]
    [InlineData("99999", "99999 is outside the NodePort range 30000 to 32767, the range gateway.nodePort accepts in the config")]
    public void NodePortGivenWithSetMustBeInTheRangeTheConfigAccepts(string port, string problem)
    {
        using var temp = new TempDirectory();

        var result = CliRunner.Run("render", Repo.ProdStack, "--out", temp.Path, "--set", "dc-frankfurt.gatewayNodePort=" + port);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("--set dc-frankfurt.gatewayNodePort: " + problem, result.ErrorLines[0]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void NodePortGivenWithSetRendersAsAnInteger()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path, "--set", "dc-frankfurt.gatewayNodePort=31443");

        var ledger = YamlDocs.Load(Directory.GetFiles(temp.Combine("gke-us-west1"), "*-serviceentry-istio-system-ledger.pay.global.yaml").Single());

        var endpoint = ((YamlSequenceNode)ledger.At("spec", "endpoints")).Children.Single();
        Assert.Equal("198.51.100.20", endpoint.Text("address"));
        var port = (YamlScalarNode)endpoint.At("ports", "postgres");
        Assert.Equal(("31443", ScalarStyle.Plain), (port.Value, port.Style));
    }

    [Fact]
    public void CacertsSecretHoldsMarkersNeverKeys()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);

        var secret = YamlDocs.Load(temp.Rendered("cluster1", "secret-istio-system-cacerts.yaml"));

        var data = (YamlMappingNode)secret.At("stringData");
        Assert.Equal(
            [
                ("ca-cert.pem", "<generated at deploy time: cluster1 ca-cert.pem>"),
                ("ca-key.pem", "<generated at deploy time: cluster1 ca-key.pem>"),
                ("root-cert.pem", "<generated at deploy time: cluster1 root-cert.pem>"),
                ("cert-chain.pem", "<generated at deploy time: cluster1 cert-chain.pem>"),
            ],
            data.Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, ((YamlScalarNode)kv.Value).Value!)));
    }

    [Fact]
    public void DefaultNamespaceSaysItIsAppliedAsAPatch()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);

        var text = File.ReadAllText(temp.Rendered("cluster1", "namespace-default.yaml"));

        Assert.StartsWith("# Applied as a patch: Namespace default exists in every cluster", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Applied as a patch", File.ReadAllText(temp.Rendered("cluster1", "namespace-foo.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void HelmReleaseRendersItsValuesAndItsChart()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);

        var values = YamlDocs.Load(temp.Rendered("cluster2", "helm-istiod.values.yaml"));
        var release = YamlDocs.Load(temp.Rendered("cluster2", "helm-istiod.release.yaml"));

        Assert.Equal("mesh1", values.Text("global", "meshID"));
        Assert.Equal("cluster2", values.Text("global", "multiCluster", "clusterName"));
        Assert.Equal("network2", values.Text("global", "network"));
        var capture = (YamlScalarNode)values.At("meshConfig", "defaultConfig", "proxyMetadata", "ISTIO_META_DNS_CAPTURE");
        Assert.Equal(("true", ScalarStyle.DoubleQuoted), (capture.Value, capture.Style));
        Assert.Equal(
            [("release", "istiod"), ("chart", "istiod"), ("version", "1.31.1"), ("repository", "oci://ghcr.io/istio/release/charts"), ("namespace", "istio-system"), ("values", Path.GetFileName(temp.Rendered("cluster2", "helm-istiod.values.yaml")))],
            release.Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, ((YamlScalarNode)kv.Value).Value!)));
    }

    [Fact]
    public void CorefileClusterGetsTheServerBlockToSplice()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.DevStack, "--out", temp.Path);
        var dns = RepoStacks.Dev.Plan.Cluster("cluster1").Dns!;

        var path = temp.Rendered("cluster1", "corefile-kube-system-coredns.yaml");
        var edit = YamlDocs.Load(path);

        Assert.Equal(("kube-system", "coredns", "Corefile"), (edit.Text("configMap", "namespace"), edit.Text("configMap", "name"), edit.Text("configMap", "key")));
        Assert.Equal(CorefileEditor.RenderServerBlock(dns.Block), edit.Text("serverBlock"));
        Assert.Equal(ScalarStyle.Literal, ((YamlScalarNode)edit.At("serverBlock")).Style);
        Assert.Contains("splices this server block into the live Corefile", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void DnsRemoveRendersTheRemovalNotABlock()
    {
        using var temp = new TempDirectory();
        var stack = temp.Combine("Pulumi.remove.yaml");
        File.WriteAllText(stack, File.ReadAllText(Repo.DevStack).Replace("    meshId: mesh1\n", "    meshId: mesh1\n    dns: remove\n", StringComparison.Ordinal));
        CliRunner.Ok("render", stack, "--out", temp.Combine("out"));

        var path = temp.Rendered(Path.Combine("out", "cluster2"), "corefile-kube-system-coredns.yaml");
        var edit = YamlDocs.Load(path);
        Assert.Equal("global:53", edit.Text("removeServerBlock"));
        Assert.False(((YamlMappingNode)edit).Children.ContainsKey(new YamlScalarNode("serverBlock")));
        Assert.Contains("removes its marked server block", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void CorednsCustomClusterGetsTheConfigMapWithItsServerKey()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path);
        var dns = RepoStacks.Prod.Plan.Cluster("dc-frankfurt").Dns!;

        var configMap = YamlDocs.Load(Directory.GetFiles(temp.Combine("dc-frankfurt"), "*-configmap-kube-system-coredns-custom.yaml").Single());

        Assert.Equal(("ConfigMap", "coredns-custom", "kube-system"), (configMap.Text("kind"), configMap.Text("metadata", "name"), configMap.Text("metadata", "namespace")));
        Assert.Equal(CorefileEditor.RenderServerBlock(dns.Block), configMap.Text("data", "meshinfra-global.server"));
    }

    [Fact]
    public void CertificatesAreDescribedByTheirProfile()
    {
        using var temp = new TempDirectory();
        CliRunner.Ok("render", Repo.ProdStack, "--out", temp.Path);

        var root = YamlDocs.Load(temp.Rendered("mesh", "certificate-ca-root.yaml"));
        var intermediate = YamlDocs.Load(Directory.GetFiles(temp.Combine("dc-frankfurt"), "*-certificate-ca-intermediate.yaml").Single());

        Assert.Equal(("root CA", "Root CA", "7300"), (root.Text("role"), root.Text("subject", "commonName"), root.Text("validityDays")));
        Assert.Equal(("intermediate CA", "dc-frankfurt", "1825", "mesh:ca/root"), (intermediate.Text("role"), intermediate.Text("subject", "locality"), intermediate.Text("validityDays"), intermediate.Text("signedBy")));
        Assert.Equal("istiod.istio-system.svc", intermediate.Text("dnsNames", 0));
        Assert.Equal("4096", intermediate.Text("key", "rsaBits"));
    }

    [GeneratedRegex(@"^\d{2}-[a-z0-9.-]+(\.values|\.release)?\.yaml$")]
    private static partial Regex FileName();
}
