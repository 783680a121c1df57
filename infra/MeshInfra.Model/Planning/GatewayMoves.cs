using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;

namespace MeshInfra.Model.Planning;

/// <summary>
/// Gateways that change namespace between two stacks (for example when a stack drops the
/// <c>namespace: istio-system</c> pin of an install made before gateways had their own namespaces).
/// The move is a new release and a new Service beside the old ones, so its address can change:
/// `diff` says so, because the placeholder other clusters dial reads the same before and after.
/// </summary>
public static class GatewayMoves
{
    public static IReadOnlyList<string> Between(MeshSpec before, MeshSpec after)
    {
        var notes = new List<string>();
        foreach (var cluster in after.Clusters)
        {
            if (before.Clusters.FirstOrDefault(c => c.Name == cluster.Name) is not { } old)
            {
                continue;
            }

            foreach (var kind in new[] { GatewayKind.EastWest, GatewayKind.Ingress })
            {
                if ((kind == GatewayKind.Ingress && (old.IngressGateway is null || cluster.IngressGateway is null))
                    || old.GatewayNamespace(kind) == cluster.GatewayNamespace(kind))
                {
                    continue;
                }

                var name = IstioLabels.GatewayName(kind);
                var dialledBy = kind == GatewayKind.EastWest ? "the other clusters' ServiceEntries take it" : "DNS names and clients pointing at the old address must follow it";
                notes.Add($"{cluster.Name}: {name} moves from {old.GatewayNamespace(kind)} to {cluster.GatewayNamespace(kind)}; its new Service may get a new address ({dialledBy} once the new pods are ready), and the old gateway keeps serving until it is removed last (README: Moving the gateways out of istio-system)");
            }
        }

        return notes;
    }
}
