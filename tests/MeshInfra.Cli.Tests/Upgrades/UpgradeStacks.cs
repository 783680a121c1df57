using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests.Upgrades;

/// <summary>The dev stack at each step of the upgrades and gateway changes the README walks through.</summary>
internal static class UpgradeStacks
{
    private static readonly string Dev = File.ReadAllText(Repo.DevStack);

    private static string Istio(string block) =>
        Dev.Replace("    istio:\n      version: \"1.31.1\"\n", "    istio:\n" + block, StringComparison.Ordinal);

    public static readonly string Plain130 = Istio("      version: \"1.30.3\"\n");
    public static readonly string Plain131 = Dev;
    public static readonly string InPlace = Istio("      version: \"1.31.1\"\n      upgradeFrom:\n        version: \"1.30.3\"\n");
    public static readonly string Canary = Istio("      version: \"1.31.1\"\n      revision: 1-31-1\n      upgradeFrom:\n        version: \"1.30.3\"\n");
    public static readonly string Handover = Istio("      version: \"1.31.1\"\n      revision: 1-31-1\n      upgradeFrom:\n        version: \"1.30.3\"\n        handover: true\n");
    public static readonly string Revisioned = Istio("      version: \"1.31.1\"\n      revision: 1-31-1\n");
    public static readonly string SecondCanary = Istio("      version: \"1.31.2\"\n      revision: 1-31-2\n      upgradeFrom:\n        version: \"1.31.1\"\n        revision: 1-31-1\n");
    public static readonly string SecondHandover = Istio("      version: \"1.31.2\"\n      revision: 1-31-2\n      upgradeFrom:\n        version: \"1.31.1\"\n        revision: 1-31-1\n        handover: true\n");
    public static readonly string SecondDone = Istio("      version: \"1.31.2\"\n      revision: 1-31-2\n");

    /// <summary>Both clusters' gateways pinned to istio-system, as an install made before gateways had their own namespaces.</summary>
    public static readonly string GatewaysInIstioSystem = Dev
        .Replace("        gateway:\n          addressMode: loadBalancer\n        ingressGateway: true\n", "        gateway:\n          addressMode: loadBalancer\n          namespace: istio-system\n        ingressGateway:\n          namespace: istio-system\n", StringComparison.Ordinal)
        .Replace("        gateway:\n          addressMode: loadBalancer\n        # httpbin's ingress (httpbin.example.com, /status and /delay) is served through this gateway.\n        ingressGateway: true\n", "        gateway:\n          addressMode: loadBalancer\n          namespace: istio-system\n        ingressGateway:\n          namespace: istio-system\n", StringComparison.Ordinal);

    /// <summary>cluster1's gateways in namespaces the stack names itself.</summary>
    public static readonly string GatewaysInOwnNamespaces = Dev
        .Replace("        gateway:\n          addressMode: loadBalancer\n        ingressGateway: true\n", "        gateway:\n          addressMode: loadBalancer\n          namespace: edge-eastwest\n        ingressGateway:\n          namespace: edge-ingress\n", StringComparison.Ordinal);

    /// <summary>cluster2 without its ingress gateway.</summary>
    public static readonly string NoIngressOnCluster2 = Dev
        .Replace("        # httpbin's ingress (httpbin.example.com, /status and /delay) is served through this gateway.\n        ingressGateway: true\n", "", StringComparison.Ordinal);

    /// <summary>The sequences of stack files walked through apply.sh: each upgrade, each rollback, the gateways' changes.</summary>
    public static TheoryData<string> Scenarios => ["first canary", "handover run again", "second canary", "in-place upgrade", "canary rolled back", "second canary rolled back", "gateways leave istio-system", "ingress gateway dropped"];

    /// <summary>The stack file of each step of a scenario, the running stack first.</summary>
    public static string[] Steps(string scenario) => scenario switch
    {
        "first canary" => [Plain130, Canary, Handover, Revisioned],
        // apply.sh is run again after a change (or a failure): the second handover finds the old injector gone.
        "handover run again" => [Plain130, Canary, Handover, Handover, Revisioned],
        "second canary" => [Revisioned, SecondCanary, SecondHandover, SecondDone],
        "in-place upgrade" => [Plain130, InPlace, Plain131],
        "canary rolled back" => [Plain130, Canary, Plain130],
        "second canary rolled back" => [Revisioned, SecondCanary, Revisioned],
        "gateways leave istio-system" => [GatewaysInIstioSystem, Plain131],
        "ingress gateway dropped" => [Plain131, NoIngressOnCluster2],
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };
}
