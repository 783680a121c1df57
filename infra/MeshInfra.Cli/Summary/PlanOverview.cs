using System.Globalization;
using System.Text;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Config;

namespace MeshInfra.Cli.Summary;

/// <summary>
/// <c>plan --summary</c>: one line per cluster and a count of everything else, so a mesh of 100
/// clusters reads in about 110 lines; <c>--cluster</c> and <c>--host</c> then show the details.
/// </summary>
public static class PlanOverview
{
    public static string Write(LoadedStack stack, PlanFilter filter)
    {
        var (spec, plan) = (stack.Spec, stack.Plan);
        var text = new StringBuilder();
        text.Append($"Mesh {spec.MeshId} ({stack.File.Path})\n");
        text.Append($"  Istio {spec.Istio.Version}, mTLS {spec.Mtls.IstioName()}, global domain {spec.GlobalDomain}, address pool {spec.AddressPool}\n");
        text.Append($"  {Words.Count(spec.Clusters.Length, "cluster")}, {Words.Count(plan.GlobalHosts.Length, "global host")}, {Words.Count(spec.Routes.Length, "route")}, ");
        text.Append($"{Words.Count(plan.ApplyOrder.Length, "resource")} in {Words.Count(plan.Depth, "layer")}, {Words.Count(plan.DeferredValues.Length, "deferred value")}\n");
        if (!filter.IsAll)
        {
            text.Append($"  Showing only {filter.Describe()} (--cluster, --host)\n");
        }

        var serves = plan.GlobalHosts.Where(h => filter.KeepsHost(h.Host)).SelectMany(h => h.ServingClusters).GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var consumes = plan.GlobalHosts.Where(h => filter.KeepsHost(h.Host)).SelectMany(h => h.ConsumerClusters).GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var table = new TextTable("CLUSTER", "NETWORK", "EAST-WEST", "INGRESS", "DNS", "RESOURCES", "SERVES", "CONSUMES", "ROUTES");
        foreach (var cluster in plan.Clusters.Where(c => filter.KeepsCluster(c.Cluster.Name)))
        {
            var c = cluster.Cluster;
            table.Add(
                c.Name,
                c.Network,
                GatewayText.Mode(c.EastWestGateway.AddressMode),
                c.IngressGateway is { } ingress ? GatewayText.Mode(ingress.AddressMode) : "-",
                Dns(c.Dns),
                Number(cluster.Resources.Length),
                Number(serves.GetValueOrDefault(c.Name)),
                Number(consumes.GetValueOrDefault(c.Name)),
                Number(spec.Routes.Count(r => r.Clients.Contains(c.Name))));
        }

        text.Append('\n');
        table.WriteTo(text, "  ");
        text.Append("\nSERVES and CONSUMES count global hosts. For one cluster's releases, objects and apply order:\n");
        text.Append($"  meshinfra plan {stack.File.Path} --cluster NAME; for one host: --host NAME.NAMESPACE.{spec.GlobalDomain}\n");
        return text.ToString();
    }

    private static string Dns(DnsMode mode) => mode switch
    {
        DnsMode.Corefile => "corefile",
        DnsMode.CorednsCustom => "coredns-custom",
        DnsMode.None => "none",
        _ => "remove",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
