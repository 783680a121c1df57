using System.Net;
using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>The harness itself: two servers that answer, Istio's CRDs served, and identities that RBAC tells apart.</summary>
[Collection(EnvtestClusters.Collection)]
public sealed class HarnessTests(MeshClusters clusters)
{
    [EnvtestFact]
    public async Task Two_servers_serve_istio_crds_through_the_shared_kubeconfig()
    {
        Assert.Equal(2, clusters.Servers.Count);
        Assert.NotEqual(clusters.Servers[0].Url, clusters.Servers[1].Url);
        foreach (var server in clusters.Servers)
        {
            var result = (await server.KubectlAsync("--kubeconfig", clusters.KubeconfigPath, "--context", server.Name,
                "get", "crd", "virtualservices.networking.istio.io", "-o", "name")).EnsureSuccess("get the VirtualService CRD");
            Assert.Equal("customresourcedefinition.apiextensions.k8s.io/virtualservices.networking.istio.io", result.Stdout.Trim());
            var version = (await server.KubectlAsync("version", "-o", "json")).EnsureSuccess("version");
            Assert.Contains("\"gitVersion\": \"v1.32", version.Stdout, StringComparison.Ordinal);
        }
    }

    [EnvtestFact]
    public async Task The_unprivileged_user_is_refused_until_a_role_grants_it()
    {
        var server = clusters.Servers[0];
        using var client = server.AdminHttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", server.UnprivilegedToken);
        using var refused = await client.GetAsync(new Uri($"{server.Url}/api/v1/nodes"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await server.ApplyAsync($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: harness-node-reader}
            rules: [{apiGroups: [""], resources: [nodes], verbs: [list]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: harness-node-reader}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: harness-node-reader}
            subjects: [{kind: User, name: {{ApiServer.UnprivilegedUser}}}]
            """);
        try
        {
            using var allowed = await client.GetAsync(new Uri($"{server.Url}/api/v1/nodes"));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        finally
        {
            (await server.KubectlAsync("delete", "clusterrolebinding,clusterrole", "harness-node-reader")).EnsureSuccess("delete");
        }
    }

    [EnvtestFact]
    public async Task A_service_account_token_authenticates_as_that_account()
    {
        var server = clusters.Servers[1];
        var token = await server.ServiceAccountTokenAsync("harness", "reader");
        var kubeconfig = Kubeconfig.Write(Path.Combine(clusters.Root, "sa.kubeconfig"), [new KubeconfigContext("sa", server, token)]);
        var whoami = (await server.KubectlAsync("--kubeconfig", kubeconfig, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"))
            .EnsureSuccess("auth whoami");
        Assert.Equal("system:serviceaccount:harness:reader", whoami.Stdout.Trim());
    }
}
