using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Federation;

/// <summary>
/// Checks every placed copy of every federated object against the Istio CRD schema of its kind,
/// before anything is declared. A problem in one cluster's copy (often from an override) is
/// reported at the entry's config key, naming the cluster.
/// </summary>
public static class FederationValidator
{
    public static IReadOnlyList<ConfigError> Validate(MeshSpec spec, IManifestSchema schema)
    {
        var errors = new List<ConfigError>();
        foreach (var federated in spec.Federated)
        {
            foreach (var cluster in FederatedCopies.Targets(federated, spec.Clusters))
            {
                var (copy, problem) = FederatedCopies.TryFor(federated, cluster.Name);
                if (copy is null)
                {
                    errors.Add(new ConfigError(federated.Key, problem!));
                    continue;
                }

                var json = ManifestJson.ToJson(copy.ToNode(), d => throw new InvalidOperationException($"A federated object cannot wait for {d.Key}."))!.AsObject();
                foreach (var error in schema.Validate(json))
                {
                    errors.Add(new ConfigError(federated.Key, $"the copy for cluster '{cluster.Name}' does not fit the Istio {spec.Istio.Line} {copy.Kind} schema: {Shorten(error)}"));
                }
            }
        }

        return errors;
    }

    // Schema errors carry a JSON path worth reading in full; only runaway values are cut.
    private static string Shorten(string error) => error.Length <= 300 ? error : error[..297] + "...";
}
