using System.Globalization;
using System.Text.Json.Nodes;
using MeshInfra.Cli.Stack;
using MeshInfra.Live;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Benchmarks;

/// <summary>
/// `meshinfra doctor` on a synthetic mesh whose clusters hold exactly the plan (with the kubelet's
/// part: a Node per cluster, a Pod with an injected sidecar per Deployment), read through
/// in-memory API servers: the reader's time (JSON pages to objects), the checks' time
/// (MeshDoctor.Examine) and, beside them, verify's time on the same mesh, each as wall time and as
/// the process's CPU time.
/// </summary>
internal static class DoctorBench
{
    public const string Flag = "--doctor";

    public static int Run(string size, int iterations, TextWriter o)
    {
        var shape = size.Split('x').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var mesh = SyntheticMesh.Generate(shape[0], shape[1]);
        var directory = Directory.CreateTempSubdirectory("meshinfra-doctor-bench-").FullName;
        try
        {
            Console.Error.WriteLine($"{mesh.Label}: load and plan");
            var stack = StackLoader.Load(StackFiles.Write(mesh, directory));
            Func<Model.Planning.DeferredValue, object> resolve = v => v.Placeholder;
            var options = new LiveReadOptions(TimeSpan.FromMinutes(10));
            var apis = stack.Plan.Clusters.ToDictionary(
                c => c.Cluster.Name,
                c => new InMemoryClusterApi(c.Cluster.Name, ClusterObjects(stack.Spec, c, resolve), options.PageSize),
                StringComparer.Ordinal);
            var targets = stack.Spec.Clusters.Select(c => new ClusterTarget(c.Name, c.Context, null)).ToList();

            Console.Error.WriteLine($"{mesh.Label}: read (in-memory API servers)");
            var readCpu = new List<double>();
            var (read, live) = Bench.Run(1, iterations, () => Cpu(readCpu, () =>
                LiveReader.ReadAsync(targets, t => (apis[t.Cluster], null), options).GetAwaiter().GetResult()));

            Console.Error.WriteLine($"{mesh.Label}: checks (MeshDoctor.Examine)");
            var now = DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture);
            var examineCpu = new List<double>();
            var (examine, report) = Bench.Run(1, iterations, () => Cpu(examineCpu, () =>
                MeshDoctor.Examine(stack.Plan, v => v.Placeholder, live, new DoctorOptions(now))));

            Console.Error.WriteLine($"{mesh.Label}: verify, for comparison");
            var verifyCpu = new List<double>();
            var (verify, _) = Bench.Run(1, iterations, () => Cpu(verifyCpu, () =>
                MeshVerifier.Verify(stack.Spec, MeshTraffic.FromPlan(stack.Plan, v => v.Placeholder).Model(v => v.Placeholder))));
            var (readCpuMs, examineCpuMs, verifyCpuMs) = (Median(readCpu, iterations), Median(examineCpu, iterations), Median(verifyCpu, iterations));

            o.WriteLine($"## Doctor on {mesh.Label} (median of {iterations}; in-memory API servers)");
            o.WriteLine();
            o.WriteLine("| step | median | fastest | CPU (median) | allocated |");
            o.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            o.WriteLine(Row("read: JSON list pages to objects, every cluster", read, readCpuMs));
            o.WriteLine(Row("checks: MeshDoctor.Examine", examine, examineCpuMs));
            o.WriteLine(Row("verify (the offline matrix), for comparison", verify, verifyCpuMs));
            o.WriteLine();
            o.WriteLine($"Objects read: {live.Sum(c => c.Objects.Length):N0} ({apis.Values.Sum(a => a.Bytes) / 1048576.0:0} MiB of JSON); "
                + $"findings: {report.Findings.Length:N0}; checked: {string.Join(", ", report.Checked.Counts.Select(c => $"{c.Key} {c.Value:N0}"))}.");
            o.WriteLine($"Doctor (read + checks) ÷ verify: {(read.MedianMs + examine.MedianMs) / verify.MedianMs:0.00}x by wall time, "
                + $"{(readCpuMs + examineCpuMs) / verifyCpuMs:0.00}x by CPU time (read {readCpuMs / verifyCpuMs:0.00}x, checks {examineCpuMs / verifyCpuMs:0.00}x).");
            foreach (var finding in report.Findings.Take(5))
            {
                o.WriteLine($"- sample finding: {finding.Cluster} {finding.Kind} {finding.Object}: {finding.Message}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Row(string step, Measurement m, double cpuMs) =>
        $"| {step} | {m.MedianMs:N0} ms | {m.MinMs:N0} ms | {cpuMs:N0} ms | {m.MedianAllocatedBytes / 1048576.0:N0} MiB |";

    /// <summary>
    /// Runs <paramref name="step"/> and notes the process's CPU time it took (every thread, the
    /// garbage collector's included). On a shared machine the wall time of a step depends on what
    /// else runs; its CPU time much less, so ratios of CPU times compare steps measured minutes apart.
    /// </summary>
    private static T Cpu<T>(List<double> into, Func<T> step)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var result = step();
        process.Refresh();
        into.Add((process.TotalProcessorTime - before).TotalMilliseconds);
        return result;
    }

    /// <summary>The median of the measured runs (the last <paramref name="measured"/>; the ones before were warm-ups).</summary>
    private static double Median(List<double> runs, int measured)
    {
        var sorted = runs.Skip(Math.Max(0, runs.Count - measured)).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// The plan's objects as live ones, and what Helm, the kubelet and the user would add: a Node with
    /// the cluster's locality, istiod's Deployment, the CoreDNS ConfigMap holding MeshInfra's block,
    /// and one injected Pod per Deployment and per service instance placed in the cluster.
    /// </summary>
    private static IEnumerable<JsonObject> ClusterObjects(Model.Config.MeshSpec spec, Model.Planning.ClusterPlan plan, Func<Model.Planning.DeferredValue, object> resolve)
    {
        var node = $"{plan.Cluster.Name}-node";
        var nodeLabels = new JsonObject { ["kubernetes.io/hostname"] = node };
        if (plan.Cluster.Locality is { } locality)
        {
            var parts = locality.Split('/');
            nodeLabels["topology.kubernetes.io/region"] = parts[0];
            if (parts.Length > 1)
            {
                nodeLabels["topology.kubernetes.io/zone"] = parts[1];
            }
        }

        yield return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = node, ["labels"] = nodeLabels } };
        var ip = 0;
        yield return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = Model.Config.IstioSpec.IstiodRelease(spec.Istio.Revision), ["namespace"] = "istio-system" },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "discovery", ["image"] = $"docker.io/istio/pilot:{spec.Istio.Version}" }) } } },
        };
        if (plan.Dns is { Mode: Model.Config.DnsMode.Corefile or Model.Config.DnsMode.CorednsCustom } dns)
        {
            var text = dns.Mode == Model.Config.DnsMode.Corefile
                ? Model.Dns.CorefileEditor.Apply(".:53 {\n    forward . /etc/resolv.conf\n}\n", dns.Block)
                : Model.Dns.CorefileEditor.RenderServerBlock(dns.Block);
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = dns.ConfigMapName, ["namespace"] = Model.Planning.PlannedDnsChange.ConfigMapNamespace },
                ["data"] = new JsonObject { [dns.DataKey] = text },
            };
        }

        foreach (var service in spec.Services)
        {
            if (service.Instances.Any(i => i.Cluster == plan.Cluster.Name))
            {
                // The team's own Kubernetes Service, which the east-west gateway's registry serves.
                yield return new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Service",
                    ["metadata"] = new JsonObject { ["name"] = service.Name, ["namespace"] = service.Namespace },
                    ["spec"] = new JsonObject
                    {
                        ["selector"] = new JsonObject { ["app"] = service.Name },
                        ["ports"] = new JsonArray([.. service.Ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.Number, ["protocol"] = "TCP" })]),
                    },
                };
            }

            foreach (var instance in service.Instances.Where(i => i.Cluster == plan.Cluster.Name))
            {
                ip++;
                var labels = new JsonObject { ["app"] = service.Name, ["security.istio.io/tlsMode"] = "istio" };
                if (instance.Version is { } version)
                {
                    labels["version"] = version;
                }

                yield return new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = new JsonObject { ["name"] = $"{service.Name}-{instance.Version ?? "0"}", ["namespace"] = service.Namespace, ["labels"] = labels },
                    ["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(new JsonObject { ["name"] = service.Name, ["image"] = "app" }) },
                    ["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = $"10.{ip / 65536 % 256}.{ip / 256 % 256}.{ip % 256}" },
                };
            }
        }

        foreach (var planned in plan.Objects.Select(p => p.Object))
        {
            if (planned.Kind == "Secret")
            {
                continue;
            }

            var obj = InMemoryClusterApi.Live(planned.ToNode(), resolve);
            obj["metadata"]!["creationTimestamp"] = "2026-11-01T00:00:00Z";
            yield return obj;
            if (planned.Kind == "Service" && planned.Metadata.Namespace?.StartsWith("istio", StringComparison.Ordinal) == true
                && obj["spec"]?["selector"] is JsonObject selector)
            {
                // A gateway's pod, as its Helm chart makes it: the Service's selector and network labels.
                var gatewayLabels = selector.DeepClone().AsObject();
                gatewayLabels["security.istio.io/tlsMode"] = "istio";
                if (obj["metadata"]?["labels"]?["topology.istio.io/network"] is { } network)
                {
                    gatewayLabels["topology.istio.io/network"] = network.GetValue<string>();
                }

                ip++;
                yield return new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = new JsonObject { ["name"] = planned.Metadata.Name + "-0", ["namespace"] = planned.Metadata.Namespace, ["labels"] = gatewayLabels },
                    ["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(new JsonObject { ["name"] = "istio-proxy", ["image"] = "auto" }) },
                    ["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = $"10.{ip / 65536 % 256}.{ip / 256 % 256}.{ip % 256}" },
                };
            }

            if (planned.Kind != "Deployment")
            {
                continue;
            }

            var template = obj["spec"]!["template"]!;
            var labels = template["metadata"]?["labels"]?.DeepClone().AsObject() ?? [];
            labels["security.istio.io/tlsMode"] = "istio";
            var podSpec = template["spec"]!.DeepClone().AsObject();
            podSpec["nodeName"] = node;
            ip++;
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject { ["name"] = planned.Metadata.Name + "-0", ["namespace"] = planned.Metadata.Namespace, ["labels"] = labels },
                ["spec"] = podSpec,
                ["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = $"10.{ip / 65536 % 256}.{ip / 256 % 256}.{ip % 256}" },
            };
        }
    }
}
