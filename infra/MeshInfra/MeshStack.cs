using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Config;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Planning;
using MeshInfra.Schemas;
using Pulumi;

namespace MeshInfra;

/// <summary>
/// The stack: reads the <c>mesh</c> config once, plans the whole mesh with the model (failing with
/// the model's messages before anything is declared), then maps the plan onto resources in apply
/// order, so every dependency already exists when a resource names it.
/// </summary>
public sealed class MeshStack : Stack
{
    public MeshStack()
    {
        var config = new Config();
        var plan = ReadPlan(config);

        var trust = new MeshTrust("mesh-trust", plan, config, new ComponentResourceOptions { Parent = this });
        var clusters = plan.Clusters.ToDictionary(
            c => c.Cluster.Name,
            c => new MeshCluster(c.Cluster, SecretKubeconfig(config, c.Cluster), new ComponentResourceOptions { Parent = this }),
            StringComparer.Ordinal);
        var deferred = new DeferredOutputs(trust, clusters, plan.Spec.EndpointResolution);

        var resources = new Dictionary<ResourceId, Resource>();
        var dependencies = plan.Edges.ToLookup(e => e.After, e => e.Before);
        var planned = plan.AllResources.ToDictionary(r => r.Id);
        foreach (var id in plan.ApplyOrder)
        {
            resources[id] = planned[id] switch
            {
                // Certificates belong to the shared trust component, which declared them already.
                PlannedCertificate { SignedBy: null } => trust,
                PlannedCertificate => trust.CertificateResource(id.Scope),
                var resource => clusters[id.Scope].Declare(resource, dependencies[id].Select(d => resources[d]).Distinct().ToList(), deferred),
            };
        }

        var eastWest = clusters.Values.ToImmutableSortedDictionary(c => c.Name, c => c.GatewayEndpoint(GatewayKind.EastWest), StringComparer.Ordinal);
        foreach (var cluster in clusters.Values)
        {
            cluster.Complete(eastWest[cluster.Name]);
        }

        GatewayAddresses = Output.All(eastWest.Select(kv => kv.Value.Apply(v => KeyValuePair.Create(kv.Key, v))))
            .Apply(pairs => pairs.ToImmutableSortedDictionary(StringComparer.Ordinal));
        GlobalHosts = Output.Create(plan.GlobalHosts.ToImmutableSortedDictionary(
            h => h.Host,
            h => $"{h.Address} served by {string.Join(", ", h.ServingClusters)}",
            StringComparer.Ordinal));
        var outputs = StackOutputs.For(plan, clusters);
        BookinfoUrl = outputs.BookinfoUrl;
        HttpbinIngressCheck = outputs.HttpbinIngressCheck;
        VerifyCommands = outputs.VerifyCommands;
    }

    /// <summary>Each cluster's east-west gateway as other clusters dial it (host, or host:nodePort).</summary>
    [Output("gatewayAddresses")]
    public Output<ImmutableSortedDictionary<string, string>> GatewayAddresses { get; set; }

    /// <summary>The global address table: host to address and serving clusters.</summary>
    [Output("globalHosts")]
    public Output<ImmutableSortedDictionary<string, string>> GlobalHosts { get; set; }

    /// <summary>The Bookinfo page through the ingress gateway, where the sample is on.</summary>
    [Output("bookinfoUrl")]
    public Output<string?> BookinfoUrl { get; set; }

    /// <summary>
    /// The command that checks the httpbin ingress from another cluster's sleep pod, where httpbin's
    /// cluster has an ingress gateway; its address is that gateway's, in whatever address mode.
    /// </summary>
    [Output("httpbinIngressCheck")]
    public Output<string?> HttpbinIngressCheck { get; set; }

    /// <summary>Commands that check the mesh end to end (kubectl with each cluster's context).</summary>
    [Output("verifyCommands")]
    public Output<ImmutableArray<string>> VerifyCommands { get; set; }

    /// <summary>
    /// Parses and validates the mesh config, schema-checks every federated copy, and plans. A bad
    /// config stops the program here, before any resource exists, with every error on its own line
    /// (RunException: no stack trace).
    /// </summary>
    internal static MeshPlan ReadPlan(Config config)
    {
        var spec = ReadSpec(config);
        // Loading the CRD schemas costs a few hundred milliseconds: only a stack with federated objects pays it.
        var federation = spec.Federated.IsEmpty ? [] : FederationValidator.Validate(spec, ManifestSchemaValidator.For(spec.Istio.Line));
        if (federation.Count > 0)
        {
            throw Problems(new MeshConfigException(federation));
        }

        try
        {
            return MeshPlanner.Plan(spec);
        }
        catch (MeshConfigException ex)
        {
            throw Problems(ex);
        }
    }

    /// <summary>
    /// A cluster's kubeconfig given as contents (a <c>secure:</c> value, or plain text), read through
    /// the secret config API so the provider's input, and the state that records it, stay secret. The
    /// model saw only that it is secret (<see cref="SecretKubeconfigs.Sealed"/>); null for a path or none.
    /// </summary>
    private static Output<string>? SecretKubeconfig(Config config, ClusterSpec cluster) =>
        cluster.SecretKubeconfig is null
            ? null
            : config.RequireSecretObject<JsonElement>("mesh").Apply(mesh => SecretKubeconfigs.ContentsOf(mesh, cluster.Name)
                ?? throw new InvalidOperationException($"mesh.clusters[].kubeconfig of {cluster.Name} was sealed but holds no contents."));

    private static RunException Problems(MeshConfigException ex) =>
        new($"The mesh config has {ex.Errors.Count} problem(s):{Environment.NewLine}{ex.Message}");

    private static MeshSpec ReadSpec(Config config)
    {
        JsonElement raw;
        try
        {
            raw = config.RequireObject<JsonElement>("mesh");
        }
        catch (Exception ex) when (ex is not RunException)
        {
            // The key is <project>:mesh, as `new Config()` reads it; the project is Pulumi.yaml's name.
            throw new RunException($"{Pulumi.Deployment.Instance.ProjectName}:mesh: {ex.Message} Set it in Pulumi.<stack>.yaml; see README, Configuration reference.");
        }

        try
        {
            // Kubeconfig contents (decrypted here when they were secure:) never reach the model.
            var spec = MeshConfigParser.Parse(SecretKubeconfigs.Sealed(raw));
            foreach (var warning in spec.Warnings)
            {
                // A source Istio is retiring still deploys today: say so in the preview, do not fail.
                Pulumi.Log.Warn($"{Pulumi.Deployment.Instance.ProjectName}:{warning}");
            }

            return spec;
        }
        catch (MeshConfigException ex)
        {
            throw Problems(ex);
        }
    }
}
