namespace MeshInfra.Cli.Tests.Support;

/// <summary>Stack files written by tests: small, and each broken in a known place.</summary>
internal static class Stacks
{
    /// <summary>
    /// Three mistakes a user makes: a network name with a space (line 11), a service version in a cluster
    /// that does not exist (line 18), and route weights that add up to 90 (line 24).
    /// </summary>
    public const string Broken = """
        # A stack with three mistakes.
        config:
          mesh-infra:mesh:
            meshId: mesh1
            clusters:
              - name: cluster1
                context: kind-cluster1
                network: network1
              - name: cluster2
                context: kind-cluster2
                network: net 2
            services:
              - name: web
                namespace: shop
                ports: [{ name: http, number: 8080, protocol: HTTP }]
                versions:
                  v1: [cluster1]
                  v2: [cluster3]
            routes:
              - service: web
                namespace: shop
                http:
                  - route:
                      - version: v1
                        weight: 60
                      - version: v2
                        weight: 30
        """;

    /// <summary>A flow sequence that never closes: the parser notices on line 5.</summary>
    public const string Malformed = """
        config:
          mesh-infra:mesh:
            meshId: mesh1
            clusters: [cluster1, cluster2
            services: []
        """;

    /// <summary>A minimal valid mesh with a provided root of trust; <paramref name="rootKeys"/> is appended under config.</summary>
    public static string ProvidedTrust(string rootKeys) => $"""
        config:
          mesh-infra:mesh:
            meshId: mesh1
            trust:
              mode: provided
            clusters:
              - name: cluster1
                context: kind-cluster1
                network: network1
              - name: cluster2
                context: kind-cluster2
                network: network2
        {rootKeys}
        """;
}
