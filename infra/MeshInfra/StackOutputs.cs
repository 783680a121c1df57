using System.Collections.Immutable;
using MeshInfra.Model;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Samples;
using Pulumi;

namespace MeshInfra;

/// <summary>The stack outputs a person reads after <c>pulumi up</c>: where Bookinfo is and how to check the mesh.</summary>
internal sealed record StackOutputs(Output<string?> BookinfoUrl, Output<string?> HttpbinIngressCheck, Output<ImmutableArray<string>> VerifyCommands)
{
    public static StackOutputs For(MeshPlan plan, IReadOnlyDictionary<string, MeshCluster> clusters)
    {
        var samples = plan.Spec.Samples;
        var commands = new List<Output<string>>();
        var bookinfoUrl = Output.Create<string?>(default(string));
        var httpbinIngressCheck = Output.Create<string?>(default(string));

        if (samples.Sleep is { } sleep && samples.Httpbin is { } httpbin)
        {
            var context = plan.Spec.Cluster(sleep.Cluster).Context;
            var host = $"httpbin.{httpbin.Namespace}.{plan.Spec.GlobalDomain}";
            commands.Add(Output.Create(
                $"kubectl --context {ShellWords.Quote(context)} -n {sleep.Namespace} exec deploy/sleep -c sleep -- curl -sS http://{host}:8000/headers"));
        }

        if (samples.Sleep is { } client && samples.Httpbin is { } served && plan.Spec.Cluster(served.Cluster).IngressGateway is not null)
        {
            // From another cluster's sleep pod to the ingress address of httpbin's cluster: whatever
            // that address is (load balancer IP or hostname, node:port, static), it comes from its Output.
            var context = plan.Spec.Cluster(client.Cluster).Context;
            httpbinIngressCheck = clusters[served.Cluster].GatewayEndpoint(GatewayKind.Ingress).Apply(address => (string?)
                $"kubectl --context {ShellWords.Quote(context)} -n {client.Namespace} exec deploy/sleep -c sleep -- curl -sS -I -H 'Host: {SampleWorkloads.HttpbinIngressHost}' http://{address}/status/200");
            commands.Add(httpbinIngressCheck.Apply(c => c!));
        }

        if (samples.Bookinfo is { } bookinfo)
        {
            var ingress = clusters[bookinfo.Productpage].GatewayEndpoint(GatewayKind.Ingress);
            bookinfoUrl = ingress.Apply(address => (string?)$"http://{address}/productpage");
            // Bookinfo sets end-user from its login session, so "as jason" means signing in, not a header.
            commands.Add(ingress.Apply(address =>
                $"open http://{address}/productpage: signed out, reviews have no stars (v1, local); sign in as jason: stars (v2/v3, from {bookinfo.Reviews.GetValueOrDefault("v2", "the remote cluster")})"));
        }

        foreach (var cluster in plan.Clusters)
        {
            commands.Add(Output.Create(KubernetesVersionCheck.Command(cluster.Cluster.Context, plan.Spec.Istio.Version)));
            commands.Add(Output.Create($"kubectl --context {ShellWords.Quote(cluster.Cluster.Context)} -n istio-system get gateway,serviceentry,destinationrule"));
        }

        return new StackOutputs(bookinfoUrl, httpbinIngressCheck, Output.All(commands).Apply(c => c));
    }
}
