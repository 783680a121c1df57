using System.Globalization;
using System.Text;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Trust;

namespace MeshInfra.Cli.Summary;

/// <summary>
/// The readable form of a plan for review: mesh settings, per cluster its Istio releases and objects
/// by kind, the global host table, routes, deferred values and who produces them, and the numbered
/// apply order (the same numbers the rendered files carry). Plain text, the same for the same plan.
/// </summary>
public static class PlanSummary
{
    public static string Write(LoadedStack stack) => Write(stack, PlanFilter.All(stack.Plan));

    /// <summary>The plan, cut down to what <paramref name="filter"/> keeps (apply steps keep their mesh-wide numbers).</summary>
    public static string Write(LoadedStack stack, PlanFilter filter)
    {
        var (file, spec, plan) = (stack.File, stack.Spec, stack.Plan);
        var text = new StringBuilder();
        text.Append($"Mesh {spec.MeshId} ({file.Path})\n");
        text.Append($"  Istio {spec.Istio.Version}{(spec.Istio.Revision is { } revision ? $" (revision {revision})" : "")}, charts from {spec.Istio.ChartRepository}, images from {spec.Istio.Hub}\n");
        var digests = spec.Istio.ImageDigests;
        // Validated digests: 'sha256:' and hex only. An image without one is pulled by its tag, which the registry can move.
        text.Append($"  Images pinned by digest: pilot {digests.Pilot ?? "no (by tag)"}, proxyv2 {digests.Proxy ?? "no (by tag)"}\n");
        text.Append($"  mTLS {spec.Mtls.IstioName()}, global domain {spec.GlobalDomain}, address pool {spec.AddressPool}\n");
        if (spec.EndpointResolution == EndpointResolution.Static)
        {
            text.Append("  Endpoints: resolution STATIC; each cluster's clients try its own cluster, then its region's, then the rest (failoverPriority), whatever their nodes' labels\n");
        }

        text.Append($"  {Words.Count(spec.Clusters.Length, "cluster")}, {Words.Count(plan.GlobalHosts.Length, "global host")}, {Words.Count(spec.Routes.Length, "route")}, ");
        text.Append($"{Words.Count(plan.ApplyOrder.Length, "resource")}, dependency depth {plan.Depth}\n");
        if (!file.SecretKeys.IsEmpty)
        {
            text.Append($"  Secret config present (encrypted, not read offline): {string.Join(", ", file.SecretKeys)}\n");
        }

        if (!filter.IsAll)
        {
            text.Append($"  Showing only {filter.Describe()}, and what they serve, consume and route (--cluster, --host)\n");
        }

        text.Append("\nShared trust (mesh)\n");
        text.Append($"  {(spec.Trust.Mode == TrustMode.Provided ? "Provided" : "Generated")}: ");
        // A provided root is described as given, never with the profile a generated root would have.
        var providedRoot = spec.Trust.Mode == TrustMode.Provided ? ProvidedRoot.Describe(file, ProvidedRoot.Read(file)) : null;
        string DescribeRoot(PlannedCertificate root) => root.ProvidedBy is { } keys
            ? (keys.Certificate == TrustSpec.ProvidedRootCertKey ? providedRoot! : ProvidedRoot.DescribeByKey(file, keys.Certificate)) + (root.RotationRole is { } role ? $", {role}" : "")
                + (keys.Key is null ? "; its key is offline, not in the stack (trust.intermediates: provided)" : "")
            : root.Describe();
        text.Append(string.Join("; ", plan.Trust.Select(DescribeRoot))).Append('\n');
        foreach (var line in RotationText.Describe(plan))
        {
            text.Append("  ").Append(line).Append('\n');
        }

        foreach (var root in plan.Trust)
        {
            text.Append("  ").Append(RootExpiries.For(stack, root).Describe(root.Id)).Append('\n');
        }

        foreach (var cluster in plan.Clusters.Where(c => filter.KeepsCluster(c.Cluster.Name)))
        {
            WriteCluster(text, cluster, spec);
        }

        if (UpgradeSteps.For(plan) is { Count: > 0 } steps)
        {
            text.Append("\nIstio upgrade\n");
            foreach (var step in steps)
            {
                text.Append($"  {step}\n");
            }
        }

        text.Append("\nGlobal hosts\n");
        var hosts = new TextTable("HOST", "ADDRESS", "PORTS", "SERVED BY", "CONSUMED BY");
        foreach (var host in plan.GlobalHosts.Where(h => filter.KeepsHost(h.Host)))
        {
            hosts.Add(
                host.Host,
                host.Address.ToString(),
                string.Join(",", host.Service.Ports.Select(p => p.Number.ToString(CultureInfo.InvariantCulture) + "/" + p.Protocol)),
                Words.List(host.ServingClusters.Select(c => Serving(host.Service, c))),
                Words.List(host.ConsumerClusters));
        }

        hosts.WriteTo(text, "  ");

        text.Append("\nRoutes\n");
        var routes = spec.Routes.Where(r => filter.KeepsRoute(r, spec.GlobalDomain)).ToList();
        if (routes.Count == 0)
        {
            text.Append("  none\n");
        }

        foreach (var route in routes)
        {
            text.Append($"  {route.Service}.{route.Namespace}.{spec.GlobalDomain} for clients in {string.Join(", ", route.Clients)}\n");
            for (var i = 0; i < route.Rules.Length; i++)
            {
                text.Append($"    {i + 1}. {RouteText.Rule(route.Rules[i])}\n");
            }
        }

        WriteDeferred(text, plan, filter);

        text.Append("\nApply order (render names each file after its LAYER: 01-..., 02-...)\n");
        var order = new TextTable("STEP", "LAYER", "SCOPE", "RESOURCE");
        var layers = FileNames.Layers(plan);
        var resources = plan.AllResources.ToDictionary(r => r.Id);
        for (var i = 0; i < plan.ApplyOrder.Length; i++)
        {
            if (!filter.KeepsResource(plan.ApplyOrder[i]))
            {
                continue;
            }

            var resource = resources[plan.ApplyOrder[i]];
            var what = resource is PlannedCertificate { ProvidedBy: not null } root
                ? DescribeRoot(root)
                : resource.Describe() + (resource is PlannedObject { IsPatch: true } ? " (patch)" : "");
            order.Add((i + 1).ToString(CultureInfo.InvariantCulture), FileNames.Number(layers[resource.Id], plan.Depth), resource.Id.Scope, what);
        }

        order.WriteTo(text, "  ");
        return text.ToString();
    }

    private static void WriteCluster(StringBuilder text, ClusterPlan cluster, MeshSpec spec)
    {
        var c = cluster.Cluster;
        text.Append($"\nCluster {c.Name} (context {c.Context}, network {c.Network})\n");
        if (c.SecretKubeconfig is not null)
        {
            text.Append($"  Kubeconfig: {Model.Config.SecretKubeconfig.Description}\n");
        }

        if (!c.Labels.IsEmpty)
        {
            text.Append($"  Labels: {string.Join(", ", c.Labels.Select(l => $"{l.Key}={l.Value}"))}\n");
        }

        text.Append($"  East-west gateway: {GatewayText.Describe(c, GatewayKind.EastWest, spec.EndpointResolution)}\n");
        if (c.IngressGateway is not null)
        {
            text.Append($"  Ingress gateway: {GatewayText.Describe(c, GatewayKind.Ingress)}\n");
        }

        text.Append($"  DNS: {(cluster.Dns is { } dns ? dns.Describe() : "none (only sidecars resolve global hosts, through DNS proxying)")}\n");
        foreach (var certificate in cluster.Resources.OfType<PlannedCertificate>())
        {
            text.Append($"  {certificate.Describe()}\n");
        }

        text.Append($"  Istio {spec.Istio.Version} releases:\n");
        var releases = new TextTable("RELEASE", "CHART", "VERSION", "NAMESPACE", "REPOSITORY");
        foreach (var release in cluster.Releases)
        {
            releases.Add(release.ReleaseName, release.ChartReference, release.Version, release.Namespace, release.RepositoryUrl ?? "(OCI)");
        }

        releases.WriteTo(text, "    ");

        var objects = cluster.Objects.ToList();
        text.Append($"  Objects by kind ({objects.Count}):\n");
        var kinds = new TextTable("KIND", "COUNT");
        foreach (var kind in objects.GroupBy(o => o.Object.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var patches = kind.Count(o => o.IsPatch);
            kinds.Add(kind.Key, kind.Count().ToString(CultureInfo.InvariantCulture) + (patches > 0 ? $" ({patches} patched)" : ""));
        }

        kinds.WriteTo(text, "    ");
        text.Append("  Removing this cluster from the mesh (or pulumi destroy):\n");
        DiffText.WriteRemoval(text, ClusterRemoval.Of(cluster));
    }

    private static void WriteDeferred(StringBuilder text, MeshPlan plan, PlanFilter filter)
    {
        text.Append("\nDeferred values (known at deploy time; render prints placeholders or takes --set KEY=VALUE)\n");
        if (plan.DeferredValues.IsEmpty)
        {
            text.Append("  none\n");
            return;
        }

        var neededIn = plan.Clusters
            .SelectMany(c => c.Objects.SelectMany(o => MeshPlanner.DeferredIn(o.Object.ToNode())).Select(v => (v.Key, Cluster: c.Cluster.Name)))
            .Distinct()
            .ToLookup(p => p.Key, p => p.Cluster);
        var table = new TextTable("KEY", "PRODUCED BY", "NEEDED IN", "RENDERED AS");
        foreach (var value in plan.DeferredValues.Where(v => filter.KeepsCluster(MeshPlanner.Producer(plan.Spec, v).Scope)))
        {
            table.Add(
                value.Key,
                MeshPlanner.Producer(plan.Spec, value).ToString(),
                Words.List(neededIn[value.Key]),
                value is GeneratedCertificate certificate ? "marker (never --set)" : value.Placeholder);
        }

        table.WriteTo(text, "  ");
    }

    private static string Serving(ServiceSpec service, string cluster)
    {
        var versions = service.VersionsIn(cluster);
        return versions.IsEmpty ? cluster : $"{cluster} ({string.Join(" ", versions)})";
    }
}
