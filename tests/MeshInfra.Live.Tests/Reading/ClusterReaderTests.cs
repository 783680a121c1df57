using System.Net;
using System.Text;
using MeshInfra.Live.Tests.Support;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Live.Tests.Reading;

/// <summary>The reader over a fake API: paging, what it keeps, and each fault as exactly one finding.</summary>
public sealed class ClusterReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Task<LiveCluster> Read(FakeClusterApi api, int pageSize = 500) =>
        ClusterReader.ReadAsync("cluster2", "ctx-2", api, "istio-system", Timeout, pageSize);

    [Fact]
    public async Task Lists_are_read_page_by_page_and_items_get_their_kind_without_managed_fields()
    {
        var api = new FakeClusterApi(path => path switch
        {
            "/api/v1/nodes?limit=1" => FakeClusterApi.Json(HttpStatusCode.OK, """
                {"kind":"NodeList","apiVersion":"v1","metadata":{"continue":"page2"},"items":[{"metadata":{"name":"n1","managedFields":[{"manager":"kubelet"}],"labels":{"topology.kubernetes.io/region":"r1"}}}]}
                """),
            "/api/v1/nodes?limit=1&continue=page2" => FakeClusterApi.Json(HttpStatusCode.OK, """
                {"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"n2"}}]}
                """),
            _ => null,
        });
        var live = await Read(api, pageSize: 1);
        Assert.Equal("v1.32.13", live.ServerVersion);
        Assert.Empty(live.ReadFindings);
        var nodes = live.Objects.Where(o => o["kind"] is ScalarNode { Value: "Node" }).ToList();
        Assert.Equal(["n1", "n2"], nodes.Select(n => ((ScalarNode)n.At("metadata", "name")!).Value));
        Assert.All(nodes, n => Assert.Equal(new ScalarNode("v1"), n["apiVersion"]));
        Assert.Null(nodes[0].At("metadata", "managedFields"));
        Assert.Equal(new ScalarNode("r1"), nodes[0].At("metadata", "labels", "topology.kubernetes.io/region"));
    }

    [Fact]
    public async Task The_reader_only_ever_gets_and_lists_what_the_doctor_role_grants()
    {
        var api = new FakeClusterApi(_ => null);
        await Read(api);
        var lists = api.Asked.Where(p => p.Contains("?limit=", StringComparison.Ordinal)).Select(p => p[..p.IndexOf('?', StringComparison.Ordinal)]).ToList();
        var granted = DoctorAccess.Rules.SelectMany(r => r.Resources.Select(x => (r.Group, x))).ToHashSet();
        Assert.Equal(granted.Count, lists.Count);
        Assert.All(lists, path =>
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var (group, resource) = parts[0] == "api" ? ("", parts[2]) : (parts[1], parts[3]);
            Assert.Contains((group, resource), granted);
        });
        Assert.Equal(["/version", "/api/v1/namespaces/istio-system/secrets/cacerts"], api.Asked.Where(p => !p.Contains("?limit=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Refusals_are_one_finding_naming_the_user_the_verb_and_every_resource()
    {
        var api = new FakeClusterApi(path => path.StartsWith("/api/v1/pods", StringComparison.Ordinal) || path.StartsWith("/apis/apps/v1/deployments", StringComparison.Ordinal)
            ? FakeClusterApi.Json(HttpStatusCode.Forbidden, FakeClusterApi.Status(403, "Forbidden", "pods is forbidden: User \"system:serviceaccount:ci:doctor\" cannot list resource \"pods\" in API group \"\" at the cluster scope"))
            : null);
        var live = await Read(api);
        Assert.True(live.Reachable);
        var finding = Assert.Single(live.ReadFindings);
        Assert.Equal(new DoctorFinding(
            "cluster2",
            FindingKind.Unreachable,
            "RBAC Pod, Deployment",
            "system:serviceaccount:ci:doctor may not list pods, deployments.apps at the cluster scope (403 Forbidden), so doctor cannot check them",
            "Kubernetes RBAC: a request is allowed only when a Role or ClusterRole bound to the identity grants its verb on its resource",
            "bind the read-only doctor ClusterRole rendered with the stack to system:serviceaccount:ci:doctor, or grant verbs get and list on pods, deployments.apps"), finding);
    }

    [Fact]
    public async Task Refused_and_uninstalled_kinds_are_marked_unread_with_why_and_the_rest_read()
    {
        var api = new FakeClusterApi(path =>
            path.StartsWith("/apis/networking.istio.io/v1/virtualservices", StringComparison.Ordinal)
                ? FakeClusterApi.Json(HttpStatusCode.Forbidden, FakeClusterApi.Status(403, "Forbidden", "virtualservices.networking.istio.io is forbidden: User \"system:serviceaccount:istio-system:meshinfra-doctor\" cannot list resource \"virtualservices\" in API group \"networking.istio.io\" at the cluster scope"))
            : path.StartsWith("/apis/networking.istio.io/v1/sidecars", StringComparison.Ordinal)
                ? FakeClusterApi.Json(HttpStatusCode.NotFound, FakeClusterApi.Status(404, "NotFound", "the server could not find the requested resource"))
            : null);
        var live = await Read(api);
        Assert.Equal(
            [
                KeyValuePair.Create("Sidecar", "the API server has no sidecars.networking.istio.io (404: its CRD is not installed)"),
                KeyValuePair.Create("VirtualService", "system:serviceaccount:istio-system:meshinfra-doctor may not list virtualservices.networking.istio.io (403 Forbidden)"),
            ],
            live.Unread);
        Assert.Equal(2, live.ReadFindings.Length);
    }

    [Fact]
    public async Task A_cluster_read_in_full_has_no_unread_kind()
    {
        var live = await Read(new FakeClusterApi(_ => null));
        Assert.Empty(live.Unread);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"a","labels":{"app":"x","k.io/y":"\u00e9t\u00e9","n":null}},"spec":{"ports":[{"port":80,"w":0.5,"big":12345678901234,"on":true,"off":false,"none":null},null],"e":{},"l":[],"s":""}}""")]
    [InlineData("""{"metadata":{"name":"über-ß","annotations":{"long":"0123456789012345678901234567890123456789012345678901234567890123456789","q":"a\"b\\c\n"}},"data":{"k":"\ud83d\ude00 x","deep":[[[{"a":[1,-2,3.25e3]}]]]}}""")]
    public void The_one_pass_reader_builds_the_trees_the_json_document_reader_built(string item)
    {
        // The reference: what ListPage built before, through JsonDocument and ManifestJson.FromJson.
        using var doc = System.Text.Json.JsonDocument.Parse(item);
        var expected = new List<MapEntry> { new("apiVersion", new ScalarNode("v1")), new("kind", new ScalarNode("ConfigMap")) };
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (ManifestJson.FromJson(property.Value) is { } value)
            {
                expected.Add(new MapEntry(property.Name, value));
            }
        }

        var into = System.Collections.Immutable.ImmutableArray.CreateBuilder<MapNode>();
        var next = ListPage.Read(Encoding.UTF8.GetBytes($$$"""{"kind":"ConfigMapList","items":[{{{item}}},{{{item}}}],"metadata":{"continue":"t2"}}"""), new ResourceKind("", "v1", "configmaps", "ConfigMap"), into, new JsonTreeReader());
        Assert.Equal("t2", next);
        Assert.Equal(2, into.Count);
        Assert.All(into, tree => Assert.Equal(new MapNode([.. expected]), tree));
    }

    [Fact]
    public void A_list_page_that_is_not_json_is_refused_as_before()
    {
        var into = System.Collections.Immutable.ImmutableArray.CreateBuilder<MapNode>();
        var kind = new ResourceKind("", "v1", "configmaps", "ConfigMap");
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => ListPage.Read(Encoding.UTF8.GetBytes("""{"items":[{"a":1}"""), kind, into, new JsonTreeReader()));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => ListPage.Read(Encoding.UTF8.GetBytes("""{"items":[]} x"""), kind, into, new JsonTreeReader()));
    }

    [Fact]
    public async Task Istio_kinds_the_server_does_not_serve_are_one_crd_finding()
    {
        var api = new FakeClusterApi(path => path.StartsWith("/apis/security.istio.io/", StringComparison.Ordinal)
            ? FakeClusterApi.Json(HttpStatusCode.NotFound, FakeClusterApi.Status(404, "NotFound", "the server could not find the requested resource"))
            : null);
        var finding = Assert.Single((await Read(api)).ReadFindings);
        Assert.Equal("CustomResourceDefinition for AuthorizationPolicy, PeerAuthentication, RequestAuthentication", finding.Object);
        Assert.Equal("the API server has no authorizationpolicies.security.istio.io, peerauthentications.security.istio.io, requestauthentications.security.istio.io (404): Istio's CRDs are not installed", finding.Message);
    }

    [Fact]
    public async Task A_401_midway_leaves_the_cluster_unreachable_with_no_half_read_objects()
    {
        var api = new FakeClusterApi(path => path.StartsWith("/apis/networking.istio.io/v1/gateways", StringComparison.Ordinal)
            ? FakeClusterApi.Json(HttpStatusCode.Unauthorized, FakeClusterApi.Status(401, "Unauthorized", "Unauthorized"))
            : null);
        var live = await Read(api);
        Assert.False(live.Reachable);
        Assert.Empty(live.Objects);
        var finding = Assert.Single(live.ReadFindings);
        Assert.Equal("https://fake.example:6443 refused the credentials of context ctx-2 (401 Unauthorized): the token has expired or is not valid", finding.Message);
    }

    [Fact]
    public async Task A_server_error_names_the_request_and_the_status_message()
    {
        var api = new FakeClusterApi(path => path.StartsWith("/api/v1/services", StringComparison.Ordinal)
            ? FakeClusterApi.Json(HttpStatusCode.InternalServerError, FakeClusterApi.Status(500, "InternalError", "etcdserver: request timed out"))
            : null);
        var finding = Assert.Single((await Read(api)).ReadFindings);
        Assert.Equal("https://fake.example:6443 answered 500 InternalServerError to list services: etcdserver: request timed out", finding.Message);
    }

    [Fact]
    public async Task A_slow_server_is_a_timeout_finding_within_the_deadline()
    {
        using var slow = new SlowApi();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var live = await ClusterReader.ReadAsync("cluster2", "ctx-2", slow, "istio-system", TimeSpan.FromMilliseconds(200));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal("https://slow.example did not answer every read within 0.2 s", Assert.Single(live.ReadFindings).Message);
        Assert.False(live.Reachable);
    }

    [Fact]
    public async Task The_ca_key_never_leaves_the_reader_and_the_answer_is_wiped()
    {
        var key = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tc2VjcmV0";
        var secretJson = """
            {"apiVersion":"v1","kind":"Secret","type":"Opaque","metadata":{"name":"cacerts","namespace":"istio-system",
             "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"ca-key.pem\":\"KEY\"}}"}},
             "data":{"ca-cert.pem":"Y2E=","ca-key.pem":"KEY","cert-chain.pem":"Y2hhaW4=","root-cert.pem":"cm9vdA==","key.pem":"KEY","tls.key":"KEY"}}
            """.Replace("KEY", key, StringComparison.Ordinal);
        byte[]? body = null;
        var api = new FakeClusterApi(path => path.Contains("/secrets/cacerts", StringComparison.Ordinal)
            ? new ApiResponse(HttpStatusCode.OK, body = Encoding.UTF8.GetBytes(secretJson))
            : null);
        var live = await Read(api);
        var secret = Assert.Single(live.Objects, o => o["kind"] is ScalarNode { Value: "Secret" });
        Assert.Equal(["ca-cert.pem", "cert-chain.pem", "root-cert.pem"], ((MapNode)secret["data"]!).Entries.Select(e => e.Key));
        Assert.Null(secret.At("metadata", "annotations"));
        var everything = string.Join('\n', live.Objects.Select(o => ManifestJson.ToJson(o, _ => "")!.ToJsonString()));
        Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        Assert.All(body!, b => Assert.Equal(0, b));
    }

    private sealed class SlowApi : IClusterApi
    {
        public string Server => "https://slow.example";

        public async Task<ApiResponse> GetAsync(string pathAndQuery, CancellationToken cancel)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), cancel);
            throw new InvalidOperationException("unreachable");
        }

        public void Dispose()
        {
        }
    }
}
