using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>
/// Faults in what a cluster holds (RBAC, CRDs, drift, sidecars, node locality), seeded one at a
/// time in cluster2 of the healthy dev mesh; each test puts the state back in a finally.
/// </summary>
[Collection(EnvtestClusters.Collection)]
public sealed class DoctorStateFaultTests(MeshClusters mesh)
{
    private ApiServer Cluster2 => mesh.Server("cluster2");

    [EnvtestFact]
    public async Task An_identity_without_list_on_two_kinds_gets_one_rbac_finding_naming_the_verb_and_resources()
    {
        await ReaderRoleAsync(istioNetworking: "[destinationrules, envoyfilters, gateways, proxyconfigs, serviceentries, virtualservices, workloadgroups]");
        try
        {
            var finding = Report.Of(mesh.DoctorWith(ReaderKubeconfig(), "--format", "json")).Single();
            Assert.Equal(("cluster2", "unreachable", "RBAC Sidecar, WorkloadEntry"), (finding.Cluster, finding.Kind, finding.Object));
            Assert.Equal(
                $"{ApiServer.UnprivilegedUser} may not list sidecars.networking.istio.io, workloadentries.networking.istio.io at the cluster scope (403 Forbidden), so doctor cannot check them",
                finding.Message);
            Assert.Contains("grant verbs get and list on sidecars.networking.istio.io, workloadentries.networking.istio.io", finding.Fix, StringComparison.Ordinal);
        }
        finally
        {
            await Cluster2.KubectlAsync("delete", "clusterrolebinding,clusterrole", "envtest-doctor-reader", "--ignore-not-found");
        }
    }

    [EnvtestFact]
    public async Task The_rendered_doctor_service_account_reads_everything_but_secrets_and_sees_the_healthy_mesh()
    {
        // The ServiceAccount, ClusterRole and binding come from the rendered manifests (the stack plans them).
        var token = await Cluster2.ServiceAccountTokenAsync("istio-system", "meshinfra-doctor");
        var kubeconfig = Kubeconfig.Write(Path.Combine(mesh.Root, "doctor-sa.kubeconfig"), [
            new KubeconfigContext("envtest-a", mesh.Server("cluster1"), mesh.Server("cluster1").AdminToken),
            new KubeconfigContext("envtest-b", Cluster2, token),
        ]);
        var result = mesh.DoctorWith(kubeconfig);
        Assert.True(result.ExitCode == 0, result.ToString());
        var secret = (await Cluster2.KubectlAsync("--token", token, "get", "secret", "cacerts", "-n", "istio-system")).Stderr;
        Assert.Contains("cannot get resource \"secrets\"", secret, StringComparison.Ordinal);
    }

    [EnvtestFact]
    public async Task The_doctor_role_without_virtualservices_gives_only_the_rbac_finding_and_skips_what_needs_them()
    {
        // cluster1 holds the reviews route (VirtualService istio-system/reviews.default.global): read as
        // an empty list, it would be "missing" drift and jason's requests would fail their split.
        var cluster1 = mesh.Server("cluster1");
        var rendered = Directory.GetFiles(Path.Combine(mesh.RenderFolder, "cluster1", "manifests"), "*-clusterrole-meshinfra-doctor.yaml").Single();
        var text = File.ReadAllText(rendered);
        var narrowed = text.Replace("      - virtualservices\n", "", StringComparison.Ordinal);
        Assert.NotEqual(text, narrowed);
        var token = await cluster1.ServiceAccountTokenAsync("istio-system", "meshinfra-doctor");
        await cluster1.ApplyAsync(narrowed);
        try
        {
            await UntilCanListVirtualServicesAsync(cluster1, token, false);
            var kubeconfig = Kubeconfig.Write(Path.Combine(mesh.Root, "doctor-sa-narrowed.kubeconfig"), [
                new KubeconfigContext("envtest-a", cluster1, token),
                new KubeconfigContext("envtest-b", Cluster2, Cluster2.AdminToken),
            ]);
            var result = mesh.DoctorWith(kubeconfig, "--format", "json");
            var report = Report.Of(result);

            // Exactly two findings: the refusal, and the narrowed role itself, which is true drift
            // (doctor can read ClusterRoles); nothing about VirtualServices beyond the refusal.
            Assert.True(report.ExitCode == 2, result.ToString());
            Assert.Equal(
                [("cluster1", "drift", "ClusterRole meshinfra-doctor"), ("cluster1", "unreachable", "RBAC VirtualService")],
                report.Findings.Select(f => (f.Cluster, f.Kind, f.Object)));
            Assert.Equal("ClusterRole meshinfra-doctor differs from the plan: rules[3].resources is 8 items, the plan sets 9 items", report.Findings[0].Message);
            var finding = report.Findings[1];
            Assert.Equal("system:serviceaccount:istio-system:meshinfra-doctor may not list virtualservices.networking.istio.io at the cluster scope (403 Forbidden), so doctor cannot check them", finding.Message);

            // The checks that need cluster1's VirtualServices say they were skipped and why; cluster2 is checked in full.
            using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
            var checkedPart = json.RootElement.GetProperty("checked");
            var skipped = checkedPart.GetProperty("skipped").EnumerateArray()
                .Select(s => (Cluster: s.GetProperty("cluster").GetString(), Check: s.GetProperty("check").GetString(), Kind: s.GetProperty("kind").GetString(), Reason: s.GetProperty("reason").GetString()))
                .ToList();
            Assert.Equal(["drift", "shadowed", "traffic"], skipped.Select(s => s.Check).Distinct());
            Assert.All(skipped, s => Assert.Equal(
                ("cluster1", "VirtualService", "system:serviceaccount:istio-system:meshinfra-doctor may not list virtualservices.networking.istio.io (403 Forbidden)"),
                (s.Cluster, s.Kind, s.Reason)));
            var clusters = checkedPart.GetProperty("clusters").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("unreadKinds").EnumerateArray().Select(k => k.GetString()).ToList());
            Assert.Equal(["VirtualService"], clusters["cluster1"]);
            Assert.Empty(clusters["cluster2"]);
            Assert.True(checkedPart.GetProperty("counts").GetProperty("traffic").GetInt32() > 0, result.ToString());
        }
        finally
        {
            await cluster1.ApplyFileAsync(rendered);
            await UntilCanListVirtualServicesAsync(cluster1, token, true);
        }
    }

    /// <summary>Waits (up to 10 s) until the API server's RBAC cache answers as the role now says.</summary>
    private static async Task UntilCanListVirtualServicesAsync(ApiServer server, string token, bool allowed)
    {
        for (var i = 0; i < 100; i++)
        {
            var answer = (await server.KubectlAsync("--token", token, "auth", "can-i", "list", "virtualservices.networking.istio.io", "--all-namespaces")).Stdout.Trim();
            if (answer == (allowed ? "yes" : "no"))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the doctor ServiceAccount's list on virtualservices did not become {(allowed ? "allowed" : "refused")}");
    }

    [EnvtestFact]
    public async Task Another_teams_virtual_service_for_our_routed_host_is_shadowing()
    {
        var cluster1 = mesh.Server("cluster1");
        await cluster1.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews-canary, namespace: foo}
            spec:
              hosts: [reviews.default.global]
              exportTo: ["."]
              http:
              - route:
                - destination: {host: reviews.default.global}
            """);
        try
        {
            var report = Report.Of(mesh.Doctor("--format", "json"));
            var finding = Assert.Single(report.Findings, f => f.Kind == "shadowed");
            Assert.Equal(("cluster1", "VirtualService foo/reviews-canary"), (finding.Cluster, finding.Object));
            Assert.StartsWith("VirtualService foo/reviews-canary decides for clients in namespace foo: Istio uses it instead of MeshInfra's route for reviews.default.global (over VirtualService istio-system/reviews.default.global and istio-system/reviews.default.global.exported)", finding.Message, StringComparison.Ordinal);
            // Nothing else: the traffic model follows Istio's order (ClusterView.VirtualServiceFor, exportTo
            // then creation time), so the canary, private to foo, does not route the probe client's requests.
            Assert.True(report.Findings.All(f => f == finding), report.Raw);
        }
        finally
        {
            await cluster1.KubectlAsync("delete", "virtualservice", "reviews-canary", "-n", "foo", "--ignore-not-found");
        }
    }

    [EnvtestFact]
    public async Task Destination_rules_read_live_keep_their_creation_time_and_workload_selector()
    {
        var cluster1 = mesh.Server("cluster1");

        // Created after MeshInfra's rule for the same host and namespace: merged into ours, its DISABLE dropped.
        // Were the creation times not read, "a-newer" would sort first by name and its DISABLE would win.
        await cluster1.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: a-newer, namespace: istio-system}
            spec:
              host: httpbin.bar.global
              trafficPolicy: {tls: {mode: DISABLE}}
            """);
        await cluster1.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: sleep-only, namespace: foo}
            spec:
              host: httpbin.bar.global
              workloadSelector: {matchLabels: {app: sleep}}
              trafficPolicy: {tls: {mode: DISABLE}}
            """);
        try
        {
            var report = Report.Of(mesh.Doctor("--format", "json"));
            var finding = Assert.Single(report.Findings, f => f.Kind == "shadowed");
            Assert.Equal(("cluster1", "DestinationRule foo/sleep-only"), (finding.Cluster, finding.Object));
            Assert.Contains("(host httpbin.bar.global, workloadSelector app=sleep) replaces MeshInfra's DestinationRule for httpbin.bar.global for the pods it selects in namespace foo", finding.Message, StringComparison.Ordinal);
            Assert.True(report.Findings.All(f => f == finding), report.Raw);
        }
        finally
        {
            await cluster1.KubectlAsync("delete", "destinationrule", "a-newer", "-n", "istio-system", "--ignore-not-found");
            await cluster1.KubectlAsync("delete", "destinationrule", "sleep-only", "-n", "foo", "--ignore-not-found");
        }
    }

    [EnvtestFact]
    public async Task A_missing_istio_crd_is_one_finding()
    {
        (await Cluster2.KubectlAsync("delete", "crd", "sidecars.networking.istio.io", "--wait=true")).EnsureSuccess("delete CRD");
        try
        {
            var finding = Report.Of(mesh.Doctor("--format", "json")).Single();
            Assert.Equal(("cluster2", "unreachable", "CustomResourceDefinition for Sidecar"), (finding.Cluster, finding.Kind, finding.Object));
            Assert.Equal("the API server has no sidecars.networking.istio.io (404): Istio's CRDs are not installed", finding.Message);
        }
        finally
        {
            await Cluster2.InstallCrdsAsync(SharedReference.IstioCrds(SharedReference.NewestIstioRelease()));
        }
    }

    [EnvtestFact]
    public async Task A_deleted_planned_object_is_drift()
    {
        (await Cluster2.KubectlAsync("delete", "serviceaccount", "bookinfo-ratings", "-n", "default")).EnsureSuccess("delete");
        try
        {
            var finding = Report.Of(mesh.Doctor("--format", "json")).Single();
            Assert.Equal(("cluster2", "drift", "ServiceAccount default/bookinfo-ratings"), (finding.Cluster, finding.Kind, finding.Object));
        }
        finally
        {
            await Cluster2.ApplyFileAsync(Path.Combine(mesh.RenderFolder, "cluster2", "manifests", "06-serviceaccount-default-bookinfo-ratings.yaml"));
        }
    }

    [EnvtestFact]
    public async Task A_pod_without_its_sidecar_is_a_precondition()
    {
        (await Cluster2.KubectlAsync("label", "pod", "ratings-v1-0", "-n", "default", "security.istio.io/tlsMode-")).EnsureSuccess("label");
        try
        {
            // The precondition, and the two requests for ratings it breaks (from each cluster, through
            // cluster2's east-west gateway, which drops the pod): the traffic findings name the cause.
            var report = Report.Of(mesh.Doctor("--format", "json"));
            Assert.Equal(
                [("cluster2", "precondition", "Pod default/ratings-v1-0"), ("cluster2", "traffic", "Service default/ratings"), ("cluster2", "traffic", "Service default/ratings")],
                report.Findings.Select(f => (f.Cluster, f.Kind, f.Object)));
            Assert.All(report.Findings.Skip(1), f => Assert.Contains("dropped: cluster2/default/ratings-v1-0 (v1) (no sidecar: tlsMode disabled)", f.Message, StringComparison.Ordinal));
        }
        finally
        {
            (await Cluster2.KubectlAsync("label", "pod", "ratings-v1-0", "-n", "default", "security.istio.io/tlsMode=istio", "--overwrite")).EnsureSuccess("label");
        }
    }

    [EnvtestFact]
    public async Task A_node_in_another_region_than_the_stack_says_is_a_precondition()
    {
        (await Cluster2.KubectlAsync("label", "node", "cluster2-node-1", "topology.kubernetes.io/region=asia-east1", "--overwrite")).EnsureSuccess("label");
        try
        {
            // The precondition, and what it does: cluster2's clients no longer prefer their own reviews.
            var report = Report.Of(mesh.Doctor("--format", "json"));
            Assert.Equal(
                [("cluster2", "precondition", "Node cluster2-node-1"), ("cluster2", "traffic", "Service default/reviews")],
                report.Findings.Select(f => (f.Cluster, f.Kind, f.Object)));
            Assert.StartsWith("Node cluster2-node-1 is in asia-east1/us-east1-c, but MeshInfra's endpoint for cluster2's own gateway assumes region us-east1", report.Findings[0].Message, StringComparison.Ordinal);
            Assert.EndsWith("reaches cluster1/default/reviews-v1-0 (v1) in another cluster, though cluster2 runs what is asked for", report.Findings[1].Message, StringComparison.Ordinal);
        }
        finally
        {
            (await Cluster2.KubectlAsync("label", "node", "cluster2-node-1", "topology.kubernetes.io/region=us-east1", "--overwrite")).EnsureSuccess("label");
        }
    }

    /// <summary>A ClusterRole granting get and list on what doctor reads, but only the given networking.istio.io resources, bound to the unprivileged user.</summary>
    private async Task ReaderRoleAsync(string istioNetworking)
    {
        await Cluster2.ApplyAsync($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: envtest-doctor-reader}
            rules:
            - {apiGroups: [""], resources: [nodes, namespaces, pods, services, serviceaccounts, configmaps], verbs: [get, list]}
            - {apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [get, list]}
            - {apiGroups: [apps], resources: [deployments], verbs: [get, list]}
            - {apiGroups: [networking.istio.io], resources: {{istioNetworking}}, verbs: [get, list]}
            - {apiGroups: [security.istio.io], resources: ["*"], verbs: [get, list]}
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles, clusterrolebindings], verbs: [get, list]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: envtest-doctor-reader}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: envtest-doctor-reader}
            subjects: [{kind: User, name: {{ApiServer.UnprivilegedUser}}}]
            """);
    }

    private string ReaderKubeconfig() => Kubeconfig.Write(Path.Combine(mesh.Root, "reader.kubeconfig"), [
        new KubeconfigContext("envtest-a", mesh.Server("cluster1"), mesh.Server("cluster1").AdminToken),
        new KubeconfigContext("envtest-b", Cluster2, Cluster2.UnprivilegedToken),
    ]);
}
