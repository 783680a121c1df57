using System.Collections.Immutable;
using System.Globalization;
using Pulumi.Testing;

namespace MeshInfra.Tests;

/// <summary>
/// Strict engine mocks: every resource type MeshInfra may declare is listed, anything else throws.
/// The mocks fake only what a real cluster computes: the gateway Services' status and NodePorts
/// (which the load balancer and Kubernetes assign), Helm release status, the live Corefile, and
/// PEMs that Pulumi.Tls would generate. Everything else is echoed back from the inputs.
/// </summary>
public sealed class MeshMocks(IReadOnlyDictionary<string, ClusterFacts> clusters) : IMocks
{
    public const string KubeadmCorefile = """
        .:53 {
            errors
            health {
               lameduck 5s
            }
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               pods insecure
               fallthrough in-addr.arpa ip6.arpa
               ttl 30
            }
            prometheus :9153
            forward . /etc/resolv.conf {
               max_concurrent 1000
            }
            cache 30 {
               disable success cluster.local
               disable denial cluster.local
            }
            loop
            reload
            loadbalance
        }

        """;

    public const string FakePrivateKey = "-----BEGIN RSA PRIVATE KEY-----\nMOCKKEY\n-----END RSA PRIVATE KEY-----\n";
    public const string FakeCertificate = "-----BEGIN CERTIFICATE-----\nMOCKCERT\n-----END CERTIFICATE-----\n";

    private readonly List<MockResourceArgs> resources = [];

    public IReadOnlyList<MockResourceArgs> Resources
    {
        get
        {
            lock (resources)
            {
                return [.. resources];
            }
        }
    }

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        lock (resources)
        {
            resources.Add(args);
        }

        var inputs = args.Inputs;
        object state = args.Type switch
        {
            "meshinfra:mesh:Cluster" or "meshinfra:mesh:Trust" => ImmutableDictionary<string, object>.Empty,
            "pulumi:providers:kubernetes" => inputs,
            "kubernetes:helm.sh/v3:Release" => inputs.SetItem("status", new Dictionary<string, object>
            {
                // Helm reports these once the release is installed.
                ["name"] = inputs["name"],
                ["namespace"] = inputs["namespace"],
                ["status"] = "deployed",
                ["version"] = inputs["version"],
            }),
            "kubernetes:core/v1:Service" => WithClusterComputedFields(args),
            "kubernetes:core/v1:ConfigMap" when IsRead(args) => new Dictionary<string, object>
            {
                ["data"] = new Dictionary<string, object> { ["Corefile"] = Facts(args).Corefile ?? KubeadmCorefile },
            },
            "kubernetes:core/v1:Namespace" or "kubernetes:core/v1:NamespacePatch" or "kubernetes:core/v1:Secret"
                or "kubernetes:core/v1:ConfigMapPatch" or "kubernetes:yaml/v2:ConfigGroup"
                or "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfigurationPatch" => inputs,
            string t when t.StartsWith("kubernetes:networking.istio.io/v1:", StringComparison.Ordinal)
                || t.StartsWith("kubernetes:security.istio.io/v1:", StringComparison.Ordinal) => inputs,
            "tls:index/privateKey:PrivateKey" => inputs.SetItem("privateKeyPem", FakePrivateKey).SetItem("publicKeyPem", "MOCKPUB"),
            "tls:index/selfSignedCert:SelfSignedCert" or "tls:index/locallySignedCert:LocallySignedCert" => inputs.SetItem("certPem", FakeCertificate),
            "tls:index/certRequest:CertRequest" => inputs.SetItem("certRequestPem", "-----BEGIN CERTIFICATE REQUEST-----\nMOCKCSR\n-----END CERTIFICATE REQUEST-----\n"),
            _ => throw new NotSupportedException($"Unexpected resource type {args.Type} ({args.Name}): MeshInfra should not declare it."),
        };
        return Task.FromResult<(string?, object)>((IsRead(args) ? args.Id : $"{args.Name}_id", state));
    }

    public Task<object> CallAsync(MockCallArgs args) =>
        throw new NotSupportedException($"Unexpected call {args.Token}: MeshInfra makes no provider calls.");

    /// <summary>A Get (read of an existing object, here only the live CoreDNS ConfigMap) carries its id; a registration's import id is empty.</summary>
    public static bool IsRead(MockResourceArgs args) => !string.IsNullOrEmpty(args.Id);

    /// <summary>The cluster a resource belongs to, from its provider reference (urn::id of "&lt;cluster&gt;-provider").</summary>
    public static string? ClusterOf(MockResourceArgs args)
    {
        if (string.IsNullOrEmpty(args.Provider))
        {
            return null;
        }

        var id = args.Provider[(args.Provider.LastIndexOf("::", StringComparison.Ordinal) + 2)..];
        return id.EndsWith("-provider_id", StringComparison.Ordinal) ? id[..^"-provider_id".Length] : null;
    }

    private ClusterFacts Facts(MockResourceArgs args) =>
        clusters[ClusterOf(args) ?? throw new InvalidOperationException($"{args.Name} was read without a cluster provider.")];

    // Kubernetes assigns NodePorts the spec leaves open and a ClusterIP, and the load balancer publishes
    // an address: the only parts of a Service a real cluster computes.
    private ImmutableDictionary<string, object> WithClusterComputedFields(MockResourceArgs args)
    {
        var facts = Facts(args);
        var spec = (ImmutableDictionary<string, object>)args.Inputs["spec"];
        var type = spec.TryGetValue("type", out var t) ? (string)t : "ClusterIP";
        var ports = ((IEnumerable<object>)spec["ports"]).Cast<ImmutableDictionary<string, object>>()
            .Select((port, i) => type is "NodePort" or "LoadBalancer" && !port.ContainsKey("nodePort")
                ? port.SetItem("nodePort", Convert.ToInt32(port["port"], CultureInfo.InvariantCulture) is 15443 or 80 ? facts.NodePort : facts.NodePort + 10 + i)
                : port)
            .ToImmutableArray();

        var ingress = new Dictionary<string, object>();
        if (type == "LoadBalancer" && facts.LoadBalancerIp is { } ip)
        {
            ingress["ip"] = ip;
        }

        if (type == "LoadBalancer" && facts.LoadBalancerHostname is { } hostname)
        {
            ingress["hostname"] = hostname;
        }

        return args.Inputs
            .SetItem("spec", spec.SetItem("ports", ports).SetItem("clusterIP", facts.ClusterIp))
            .SetItem("status", new Dictionary<string, object>
            {
                ["loadBalancer"] = new Dictionary<string, object> { ["ingress"] = ingress.Count == 0 ? Array.Empty<object>() : new object[] { ingress } },
            });
    }
}
