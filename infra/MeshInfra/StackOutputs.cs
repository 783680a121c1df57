using System.Collections.Immutable;
using MeshInfra.Model.Planning;
using Pulumi;

namespace MeshInfra;

/// <summary>The stack outputs a person reads after <c>pulumi up</c>: where Bookinfo is and how to check the mesh.</summary>
internal sealed record StackOutputs(Output<string?> BookinfoUrl, Output<ImmutableArray<string>> VerifyCommands)
{
    public static StackOutputs For(MeshPlan plan, IReadOnlyDictionary<string, MeshCluster> clusters)
    {
        var samples = plan.Spec.Samples;
        var commands = new List<Output<string>>();
        var bookinfoUrl = Output.Create<string?>(default(string));

        if (samples.Sleep is { } sleep && samples.Httpbin is { } httpbin)
        {
            var context = plan.Spec.Cluster(sleep.Cluster).Context;
            var host = $"httpbin.{httpbin.Namespace}.{plan.Spec.GlobalDomain}";
            commands.Add(Output.Create(
                $"kubectl --context {context} -n {sleep.Namespace} exec deploy/sleep -c sleep -- curl -sS http://{host}:8000/headers"));
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
            commands.Add(Output.Create($"kubectl --context {cluster.Cluster.Context} -n istio-system get gateway,serviceentry,destinationrule"));
        }

        return new StackOutputs(bookinfoUrl, Output.All(commands).Apply(c => c));
    }
}
