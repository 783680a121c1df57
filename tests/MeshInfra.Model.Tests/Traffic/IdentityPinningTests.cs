using System.Text.Json.Nodes;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Every global host pins its server's SPIFFE identity by default (the stack's serviceAccount, else
/// Kubernetes' 'default' account), in every TLS block Istio may resolve for a cluster: a port-level
/// entry replaces the whole policy (util.go GetPortLevelTrafficPolicy / MergeSubsetTrafficPolicy).
/// </summary>
public sealed class IdentityPinningTests
{
    private static readonly DocReader Read = new(v => v.Placeholder);

    [Fact]
    public void AServiceWithoutServiceAccountIsPinnedToTheDefaultAccountAtEveryPolicyLevel()
    {
        var (spec, _, model) = TrafficFixture.For(Configs.ThreeClusters);
        var levels = 0;
        foreach (var cluster in model.Clusters.Values)
        {
            foreach (var service in spec.Services)
            {
                var host = spec.GlobalHost(service);
                var rule = cluster.DestinationRuleFor(host, "default", service.Namespace)!;
                foreach (var subset in rule.Subsets.Select(s => (SubsetView?)s).Prepend(null))
                {
                    foreach (var port in service.Ports)
                    {
                        var tls = IstioRules.ClusterTls(IstioRules.Policy(rule, subset, port.Number), port.Number, subset?.Name, host, Read);
                        Assert.Equal($"{host} {subset?.Name}: spiffe://cluster.local/ns/{service.Namespace}/sa/default", $"{host} {subset?.Name}: {string.Join(' ', tls.SubjectAltNames)}");
                        levels++;
                    }
                }
            }
        }

        Assert.True(levels >= 18);
    }

    [Fact]
    public void APodRunningAsAnotherAccountIsRejectedByDefault()
    {
        // The assumed pods of cart run as 'default'; a cart that really runs as 'cart-api' needs serviceAccount.
        var (_, _, model) = TrafficFixture.For(Configs.ThreeClusters, s => TrafficFixture.Replace(s, "Deployment", "cart", d =>
            TrafficFixture.With(d, "spec", TrafficFixture.With((Manifests.MapNode)d["spec"]!, "template", Manifests.MapNode.Of(
                ("metadata", ((Manifests.MapNode)d["spec"]!).At("template", "metadata")),
                ("spec", Manifests.MapNode.Of(("serviceAccountName", "cart-api"))))))));
        var result = model.Trace(TrafficFixture.Request($"west/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        Assert.Empty(result.Arrivals);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(FailureKind.IdentityRejected, failure.Kind);
        Assert.Equal(FailureMessages.IdentityRejected("east/shop/cart", "spiffe://cluster.local/ns/shop/sa/cart-api", ["spiffe://cluster.local/ns/shop/sa/default"]).Text, failure.Reason);
    }

    [Fact]
    public void OptingOutIsExplicitWarnedAndLeavesNoSan()
    {
        var json = Configs.ThreeClusters.Replace("\"clusters\": [\"east\"] }", "\"clusters\": [\"east\"], \"verifyIdentity\": false }", StringComparison.Ordinal);
        var (spec, _, model) = TrafficFixture.For(json);
        var warning = Assert.Single(spec.Warnings, w => w.Path == "mesh.services[0].verifyIdentity");
        Assert.Equal("false: clients of cart.shop accept any workload certificate signed by the mesh's root as the server, not only cart's; set serviceAccount to the account its pods run as instead", warning.Message);
        var result = model.Trace(TrafficFixture.Request($"west/{MeshTraffic.ProbeNamespace}/{MeshTraffic.ProbeWorkload}", "cart.shop.global", 8080));
        Assert.Empty(result.Failures);
        Assert.DoesNotContain(result.Hops, h => h.Detail.Contains("SAN", StringComparison.Ordinal) || h.Detail.Contains("verified", StringComparison.Ordinal));
    }

    [Fact]
    public void OptingOutWhileNamingAnAccountIsAnError()
    {
        var errors = Configs.Errors(Configs.ThreeClusters, root =>
        {
            var cart = root["services"]![0]!.AsObject();
            cart["serviceAccount"] = "cart-api";
            cart["verifyIdentity"] = JsonValue.Create(false);
        });
        Assert.Equal(["mesh.services[0].verifyIdentity: is false, yet serviceAccount 'cart-api' names the identity to verify; remove one of the two"], errors);
    }
}
