using System.Text.Json;
using System.Text.Json.Nodes;
using MeshInfra.Envtest;

namespace MeshInfra.Live.Tests.Support;

/// <summary>
/// Plays the part of the kubelet and the controllers an envtest server lacks: a Node with
/// topology labels, one running Pod per Deployment (with the labels and annotation Istio's
/// sidecar injector adds), an EndpointSlice per selecting Service, and the load balancer status
/// of LoadBalancer Services.
/// </summary>
internal static class Kubelet
{
    public const string SidecarStatus = """{"containers":["istio-proxy"],"initContainers":["istio-init"]}""";

    public static async Task NodeAsync(ApiServer server, string name, string region, string zone) =>
        await ApplyJsonAsync(server, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/hostname"] = name,
                    ["topology.kubernetes.io/region"] = region,
                    ["topology.kubernetes.io/zone"] = zone,
                },
            },
        });

    /// <summary>One Running Pod per Deployment, as its ReplicaSet and the injector would make it; returns the pods.</summary>
    public static async Task<List<JsonObject>> PodsAsync(ApiServer server, string node, int subnet)
    {
        var deployments = await GetAsync(server, "deployments");
        var pods = new List<JsonObject>();
        var next = 10;
        foreach (var deployment in deployments)
        {
            var template = deployment["spec"]!["template"]!.DeepClone().AsObject();
            var meta = template["metadata"]?.AsObject() ?? [];
            var labels = meta["labels"]?.DeepClone().AsObject() ?? [];
            labels["security.istio.io/tlsMode"] = "istio";
            labels["service.istio.io/canonical-name"] = labels["app"]?.GetValue<string>() ?? deployment["metadata"]!["name"]!.GetValue<string>();
            var spec = template["spec"]!.DeepClone().AsObject();
            spec["nodeName"] = node;
            var ip = $"10.{subnet}.0.{next++}";
            var pod = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = deployment["metadata"]!["name"]!.GetValue<string>() + "-0",
                    ["namespace"] = deployment["metadata"]!["namespace"]!.GetValue<string>(),
                    ["labels"] = labels,
                    ["annotations"] = new JsonObject { ["sidecar.istio.io/status"] = SidecarStatus },
                },
                ["spec"] = spec,
            };
            await ApplyJsonAsync(server, pod);
            await StatusAsync(server, "pod", pod, new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = ip,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
            });
            pod["status"] = new JsonObject { ["podIP"] = ip };
            pods.Add(pod);
        }

        // The gateways come from Helm charts (not applied here): one pod per gateway Service (every
        // Service with a selector in an istio* namespace), with
        // the Service's selector labels and its network label, as the gateway chart's pods carry.
        foreach (var service in (await GetAsync(server, "services")).Where(s => s["metadata"]!["namespace"]!.GetValue<string>().StartsWith("istio", StringComparison.Ordinal)))
        {
            if (service["spec"]?["selector"] is not JsonObject selector || selector.Count == 0)
            {
                continue;
            }

            var labels = selector.DeepClone().AsObject();
            if (service["metadata"]!["labels"]?["topology.istio.io/network"] is { } network)
            {
                labels["topology.istio.io/network"] = network.GetValue<string>();
            }

            labels["security.istio.io/tlsMode"] = "istio";
            var name = service["metadata"]!["name"]!.GetValue<string>();
            var ip = $"10.{subnet}.0.{next++}";
            var pod = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject { ["name"] = name + "-0", ["namespace"] = service["metadata"]!["namespace"]!.GetValue<string>(), ["labels"] = labels },
                ["spec"] = new JsonObject
                {
                    ["nodeName"] = node,
                    ["serviceAccountName"] = name,
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "istio-proxy", ["image"] = "auto" }),
                },
            };
            await ApplyJsonAsync(server, pod);
            await StatusAsync(server, "pod", pod, new JsonObject { ["phase"] = "Running", ["podIP"] = ip, ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }) });
            pod["status"] = new JsonObject { ["podIP"] = ip };
            pods.Add(pod);
        }

        return pods;
    }

    /// <summary>An EndpointSlice for every Service with a selector, listing the pods it selects.</summary>
    public static async Task EndpointSlicesAsync(ApiServer server, IReadOnlyList<JsonObject> pods, string node, string zone)
    {
        foreach (var service in await GetAsync(server, "services"))
        {
            if (service["spec"]?["selector"] is not JsonObject selector || selector.Count == 0)
            {
                continue;
            }

            var ns = service["metadata"]!["namespace"]!.GetValue<string>();
            var name = service["metadata"]!["name"]!.GetValue<string>();
            var endpoints = new JsonArray();
            foreach (var pod in pods.Where(p => p["metadata"]!["namespace"]!.GetValue<string>() == ns && Selects(selector, p)))
            {
                endpoints.Add(new JsonObject
                {
                    ["addresses"] = new JsonArray(pod["status"]!["podIP"]!.GetValue<string>()),
                    ["conditions"] = new JsonObject { ["ready"] = true },
                    ["nodeName"] = node,
                    ["zone"] = zone,
                    ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = pod["metadata"]!["name"]!.GetValue<string>() },
                });
            }

            var ports = new JsonArray();
            foreach (var port in service["spec"]!["ports"]!.AsArray().OfType<JsonObject>())
            {
                var target = port["targetPort"] ?? port["port"];
                ports.Add(new JsonObject
                {
                    ["name"] = port["name"]?.GetValue<string>() ?? "",
                    ["port"] = target!.GetValueKind() == JsonValueKind.Number ? target.GetValue<int>() : port["port"]!.GetValue<int>(),
                    ["protocol"] = port["protocol"]?.GetValue<string>() ?? "TCP",
                });
            }

            await ApplyJsonAsync(server, new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name + "-envtest",
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = name, ["endpointslice.kubernetes.io/managed-by"] = "envtest-kubelet" },
                },
                ["addressType"] = "IPv4",
                ["endpoints"] = endpoints,
                ["ports"] = ports,
            });
        }
    }

    /// <summary>The load balancer's address on a LoadBalancer Service (in whichever namespace the plan puts it), as the cloud controller sets it.</summary>
    public static async Task LoadBalancerAsync(ApiServer server, string name, string ip)
    {
        var service = (await GetAsync(server, "services")).Single(s => s["metadata"]!["name"]!.GetValue<string>() == name);
        await StatusAsync(server, "service", service, new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = ip }) } });
    }

    public static async Task ApplyJsonAsync(ApiServer server, JsonObject obj) =>
        (await server.KubectlWithInputAsync(obj.ToJsonString(), "apply", "--server-side", "--force-conflicts", "--field-manager=envtest-kubelet", "-f", "-"))
            .EnsureSuccess($"apply {obj["kind"]} {obj["metadata"]?["name"]}");

    private static async Task StatusAsync(ApiServer server, string resource, JsonObject obj, JsonObject status)
    {
        var ns = obj["metadata"]!["namespace"]!.GetValue<string>();
        var name = obj["metadata"]!["name"]!.GetValue<string>();
        (await server.KubectlAsync("patch", resource, name, "-n", ns, "--subresource=status", "--type=merge", "-p", new JsonObject { ["status"] = status }.ToJsonString()))
            .EnsureSuccess($"patch {resource} {ns}/{name} status");
    }

    private static async Task<List<JsonObject>> GetAsync(ApiServer server, string resource)
    {
        var json = (await server.KubectlAsync("get", resource, "-A", "-o", "json")).EnsureSuccess($"get {resource}").Stdout;
        return JsonNode.Parse(json)!["items"]!.AsArray().OfType<JsonObject>().ToList();
    }

    private static bool Selects(JsonObject selector, JsonObject pod)
    {
        var labels = pod["metadata"]!["labels"]!.AsObject();
        return selector.All(s => labels[s.Key]?.GetValue<string>() == s.Value!.GetValue<string>());
    }
}
