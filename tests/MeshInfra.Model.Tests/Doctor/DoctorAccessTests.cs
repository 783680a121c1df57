using System.Text.Json.Nodes;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Tests.Robustness;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Doctor;

/// <summary>The doctor identity: read-only, no Secrets, planned in every cluster, valid for the API server.</summary>
public sealed class DoctorAccessTests
{
    private static MapNode ClusterRole() => DoctorAccess.Objects().Single(o => o.Kind == "ClusterRole").ToNode();

    [Fact]
    public void DoctorRoleOnlyReadsAndNeverSecrets()
    {
        var rules = DocItems(ClusterRole()["rules"]);
        foreach (var rule in rules)
        {
            var verbs = Strings(rule["verbs"]);
            Assert.All(verbs, v => Assert.Contains(v, new[] { "get", "list", "watch" }));
            Assert.DoesNotContain("secrets", Strings(rule["resources"]));
            Assert.DoesNotContain("*", Strings(rule["resources"]).Concat(Strings(rule["apiGroups"])).Concat(verbs));
        }
    }

    [Fact]
    public void DoctorRoleCoversEveryKindTheChecksRead()
    {
        var granted = DocItems(ClusterRole()["rules"])
            .SelectMany(r => Strings(r["resources"]).Select(x => (Group: Strings(r["apiGroups"]).Single(), Resource: x)))
            .ToHashSet();
        (string, string)[] read =
        [
            ("", "nodes"), ("", "namespaces"), ("", "pods"), ("", "services"), ("", "configmaps"),
            ("apps", "deployments"), ("discovery.k8s.io", "endpointslices"),
            ("networking.istio.io", "virtualservices"), ("networking.istio.io", "destinationrules"), ("networking.istio.io", "serviceentries"),
            ("networking.istio.io", "gateways"), ("networking.istio.io", "sidecars"),
            ("security.istio.io", "authorizationpolicies"), ("security.istio.io", "peerauthentications"),
        ];
        Assert.All(read, r => Assert.Contains(r, granted));
    }

    [Fact]
    public void EveryClusterPlansTheDoctorIdentity()
    {
        var plan = Configs.Plan(RepoStackConfigs.Dev);
        Assert.All(plan.Clusters, c => Assert.Equal(
            ["ClusterRole meshinfra-doctor", "ClusterRoleBinding meshinfra-doctor", "ServiceAccount istio-system/meshinfra-doctor"],
            c.Objects.Where(o => o.Object.Metadata.Name == DoctorAccess.Name).Select(o => LiveObjects(o.Object)).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void ClusterRoleIsValidatedAgainstTheRbacSchema()
    {
        var validator = ManifestSchemaValidator.Shared;
        Assert.Empty(validator.Validate(ManifestJson.ToJson(ClusterRole(), _ => "")!.AsObject()));
        var broken = ManifestJson.ToJson(ClusterRole(), _ => "")!.AsObject();
        broken["rules"]![0]!["verb"] = new JsonArray("get");
        Assert.Contains(validator.Validate(broken), e => e.Contains("verb", StringComparison.Ordinal));
    }

    private static string LiveObjects(KubeObject o) => o.Metadata.Namespace is null ? $"{o.Kind} {o.Metadata.Name}" : $"{o.Kind} {o.Metadata.Namespace}/{o.Metadata.Name}";

    private static List<MapNode> DocItems(ManifestNode? node) => node is ListNode list ? [.. list.Items.OfType<MapNode>()] : [];

    private static List<string> Strings(ManifestNode? node) => node is ListNode list ? [.. list.Items.OfType<ScalarNode>().Select(s => (string)s.Value)] : [];
}
