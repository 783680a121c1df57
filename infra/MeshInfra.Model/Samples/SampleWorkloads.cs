using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Samples;

/// <summary>
/// Istio's sample workloads (samples/sleep, samples/httpbin, samples/bookinfo at 1.30.3) as typed
/// objects, so they validate against Kubernetes 1.32 and are placed per cluster by the planner.
/// </summary>
public static class SampleWorkloads
{
    public const string SleepImage = "docker.io/curlimages/curl:8.16.0";
    public const string HttpbinImage = "docker.io/mccutchen/go-httpbin:v2.15.0";
    public const string BookinfoImagePrefix = "registry.istio.io/release/examples-bookinfo-";
    public const string BookinfoTag = "1.20.3";
    public const int BookinfoPort = 9080;

    /// <summary>A namespace whose pods get sidecars: created only after istiod, or pods start without one.</summary>
    public static KubeObject InjectedNamespace(string name) => InjectedNamespace(name, revision: null);

    /// <summary>
    /// Injected by the default control plane (<c>istio-injection=enabled</c>) or by one revision
    /// (<c>istio.io/rev</c> only: istio-injection would win over it).
    /// </summary>
    public static KubeObject InjectedNamespace(string name, string? revision) =>
        CoreObjects.Namespace(name, [revision is null ? KeyValuePair.Create(IstioLabels.Injection, "enabled") : KeyValuePair.Create(IstioLabels.Revision, revision)]);

    public static IEnumerable<KubeObject> Sleep(string ns)
    {
        var labels = new Dictionary<string, string> { ["app"] = "sleep" };
        yield return CoreObjects.ServiceAccount(ObjectMeta.Named("sleep", ns));
        yield return CoreObjects.Service(ServiceMeta("sleep", ns), labels, [new ContainerServicePort("http", 80, 80)]);
        var container = MapNode.Of(
            ("name", "sleep"),
            ("image", SleepImage),
            ("command", ListNode.Of("/bin/sleep", "infinity")),
            ("imagePullPolicy", "IfNotPresent"),
            ("volumeMounts", ListNode.Of(MapNode.Of(("mountPath", "/etc/sleep/tls"), ("name", "secret-volume")))));
        var volumes = ListNode.Of(MapNode.Of(
            ("name", "secret-volume"),
            ("secret", MapNode.Of(("secretName", "sleep-secret"), ("optional", true)))));
        yield return CoreObjects.Deployment(ObjectMeta.Named("sleep", ns), labels, "sleep", container, volumes, terminationGraceSeconds: 0);
    }

    public static IEnumerable<KubeObject> Httpbin(string ns)
    {
        var labels = new Dictionary<string, string> { ["app"] = "httpbin", ["version"] = "v1" };
        yield return CoreObjects.ServiceAccount(ObjectMeta.Named("httpbin", ns));
        yield return CoreObjects.Service(ServiceMeta("httpbin", ns), new Dictionary<string, string> { ["app"] = "httpbin" }, [new ContainerServicePort("http", 8000, 8080)]);
        var container = MapNode.Of(
            ("name", "httpbin"),
            ("image", HttpbinImage),
            ("imagePullPolicy", "IfNotPresent"),
            ("ports", ListNode.Of(MapNode.Of(("containerPort", 8080)))));
        yield return CoreObjects.Deployment(ObjectMeta.Named("httpbin", ns).WithLabel("app", "httpbin").WithLabel("version", "v1"), labels, "httpbin", container);
    }

    /// <summary>The Kubernetes Service and ServiceAccount of one Bookinfo service (in each cluster that runs it).</summary>
    public static IEnumerable<KubeObject> BookinfoService(string service, string ns)
    {
        yield return CoreObjects.ServiceAccount(ObjectMeta.Named($"bookinfo-{service}", ns).WithLabel("account", service));
        yield return CoreObjects.Service(ServiceMeta(service, ns), new Dictionary<string, string> { ["app"] = service }, [new ContainerServicePort("http", BookinfoPort, BookinfoPort)]);
    }

    /// <summary>One Bookinfo Deployment, e.g. reviews v2.</summary>
    public static KubeObject BookinfoDeployment(string service, string version, string ns)
    {
        var labels = new Dictionary<string, string> { ["app"] = service, ["version"] = version };
        var needsTmp = service is "productpage" or "reviews";
        var mounts = service switch
        {
            "productpage" => ListNode.Of(MapNode.Of(("name", "tmp"), ("mountPath", "/tmp"))),
            "reviews" => ListNode.Of(
                MapNode.Of(("name", "tmp"), ("mountPath", "/tmp")),
                MapNode.Of(("name", "wlp-output"), ("mountPath", "/opt/ibm/wlp/output"))),
            _ => null,
        };
        var volumes = service switch
        {
            "productpage" => ListNode.Of(MapNode.Of(("name", "tmp"), ("emptyDir", MapNode.Empty))),
            "reviews" => ListNode.Of(
                MapNode.Of(("name", "wlp-output"), ("emptyDir", MapNode.Empty)),
                MapNode.Of(("name", "tmp"), ("emptyDir", MapNode.Empty))),
            _ => null,
        };
        var container = MapNode.Of(
            ("name", service),
            ("image", $"{BookinfoImagePrefix}{service}-{version}:{BookinfoTag}"),
            ("imagePullPolicy", "IfNotPresent"),
            ("env", service == "reviews" ? ListNode.Of(MapNode.Of(("name", "LOG_DIR"), ("value", "/tmp/logs"))) : null),
            ("ports", ListNode.Of(MapNode.Of(("containerPort", BookinfoPort)))),
            ("volumeMounts", needsTmp ? mounts : null));
        var meta = ObjectMeta.Named($"{service}-{version}", ns).WithLabel("app", service).WithLabel("version", version);
        return CoreObjects.Deployment(meta, labels, $"bookinfo-{service}", container, volumes);
    }

    /// <summary>The Bookinfo ingress: Gateway on the ingress gateway's port 80 and the productpage routes.</summary>
    public static IEnumerable<KubeObject> BookinfoIngress(string ns)
    {
        yield return new KubeObject(IstioObjects.NetworkingV1, "Gateway", ObjectMeta.Named("bookinfo-gateway", ns), MapNode.Of(("spec", MapNode.Of(
            ("selector", MapNode.OfStrings([KeyValuePair.Create("istio", IstioLabels.IngressSelector)])),
            ("servers", ListNode.Of(MapNode.Of(
                ("port", MapNode.Of(("number", 80), ("name", "http"), ("protocol", "HTTP"))),
                ("hosts", ListNode.Of("*")))))))));

        var match = ListNode.Of(
            MapNode.Of(("uri", MapNode.Of(("exact", "/productpage")))),
            MapNode.Of(("uri", MapNode.Of(("prefix", "/static")))),
            MapNode.Of(("uri", MapNode.Of(("exact", "/login")))),
            MapNode.Of(("uri", MapNode.Of(("exact", "/logout")))),
            MapNode.Of(("uri", MapNode.Of(("prefix", "/api/v1/products")))));
        var route = ListNode.Of(MapNode.Of(("destination", MapNode.Of(
            ("host", $"productpage.{ns}.svc.cluster.local"),
            ("port", MapNode.Of(("number", BookinfoPort)))))));
        yield return new KubeObject(IstioObjects.NetworkingV1, "VirtualService", ObjectMeta.Named("bookinfo", ns), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of("*")),
            ("gateways", ListNode.Of("bookinfo-gateway")),
            ("http", ListNode.Of(MapNode.Of(("match", match), ("route", route))))))));
    }

    /// <summary>The host the httpbin ingress answers to, as in Istio's ingress task.</summary>
    public const string HttpbinIngressHost = "httpbin.example.com";

    /// <summary>
    /// httpbin through the ingress gateway of the cluster that runs it: a Gateway for
    /// httpbin.example.com on port 80, and /status and /delay routed to the httpbin Service on 8000.
    /// </summary>
    public static IEnumerable<KubeObject> HttpbinIngress(string ns)
    {
        yield return new KubeObject(IstioObjects.NetworkingV1, "Gateway", ObjectMeta.Named("httpbin-gateway", ns), MapNode.Of(("spec", MapNode.Of(
            ("selector", MapNode.OfStrings([KeyValuePair.Create("istio", IstioLabels.IngressSelector)])),
            ("servers", ListNode.Of(MapNode.Of(
                ("port", MapNode.Of(("number", 80), ("name", "http"), ("protocol", "HTTP"))),
                ("hosts", ListNode.Of(HttpbinIngressHost)))))))));

        var match = ListNode.Of(
            MapNode.Of(("uri", MapNode.Of(("prefix", "/status")))),
            MapNode.Of(("uri", MapNode.Of(("prefix", "/delay")))));
        var route = ListNode.Of(MapNode.Of(("destination", MapNode.Of(
            ("host", $"httpbin.{ns}.svc.cluster.local"),
            ("port", MapNode.Of(("number", 8000)))))));
        yield return new KubeObject(IstioObjects.NetworkingV1, "VirtualService", ObjectMeta.Named("httpbin", ns), MapNode.Of(("spec", MapNode.Of(
            ("hosts", ListNode.Of(HttpbinIngressHost)),
            ("gateways", ListNode.Of("httpbin-gateway")),
            ("http", ListNode.Of(MapNode.Of(("match", match), ("route", route))))))));
    }

    /// <summary>Which (service, version) Bookinfo Deployments run in a cluster.</summary>
    public static IEnumerable<(string Service, string Version)> BookinfoDeploymentsIn(BookinfoSpec bookinfo, string cluster)
    {
        if (bookinfo.Productpage == cluster)
        {
            yield return ("productpage", "v1");
        }

        if (bookinfo.Details == cluster)
        {
            yield return ("details", "v1");
        }

        if (bookinfo.Ratings == cluster)
        {
            yield return ("ratings", "v1");
        }

        foreach (var (version, where) in bookinfo.Reviews)
        {
            if (where == cluster)
            {
                yield return ("reviews", version);
            }
        }
    }

    private static ObjectMeta ServiceMeta(string name, string ns) =>
        ObjectMeta.Named(name, ns).WithLabel("app", name).WithLabel("service", name);
}
