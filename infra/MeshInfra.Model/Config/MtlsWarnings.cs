using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Config;

/// <summary>
/// Federated PeerAuthentications that accept less than the mesh's own mTLS mode (DISABLE anywhere,
/// PERMISSIVE on a STRICT mesh, for the workload or a port): the workloads they select take plaintext
/// from anyone who reaches them. Deployable, and sometimes meant (a port for a non-mesh client), so a
/// warning naming the key, never a silent downgrade.
/// </summary>
public static class MtlsWarnings
{
    public static IReadOnlyList<ConfigError> For(MeshSpec spec)
    {
        var warnings = new List<ConfigError>();
        var mesh = spec.Mtls.IstioName();
        foreach (var policy in spec.Federated.Where(f => f.Kind == "PeerAuthentication"))
        {
            void Check(ManifestNode? mode, string path, string what, string? keyPath = null)
            {
                if ((mode as ScalarNode)?.Value is string text && Rank(text) < Rank(mesh))
                {
                    warnings.Add(new ConfigError(
                        keyPath ?? $"{policy.Key}.spec.{path}",
                        $"'{text}' is weaker than the mesh's {mesh} mTLS: {what} of the workloads it selects in namespace {policy.Namespace} accepts{(text == "DISABLE" ? " only" : "")} plaintext from anyone who reaches it; make it {mesh} or remove it"));
                }
            }

            Check(policy.Spec.At("mtls", "mode"), "mtls.mode", "every port");
            foreach (var port in (policy.Spec["portLevelMtls"] as MapNode)?.Entries ?? [])
            {
                Check((port.Value as MapNode)?.At("mode"), $"portLevelMtls.{port.Key}.mode", $"port {port.Key}");
            }

            // A per-cluster override can weaken one cluster's copy.
            foreach (var (cluster, overrides) in policy.Overrides)
            {
                foreach (var field in overrides.Where(o => o.Path == "spec.mtls.mode" || (o.Path.StartsWith("spec.portLevelMtls.", StringComparison.Ordinal) && o.Path.EndsWith(".mode", StringComparison.Ordinal))))
                {
                    Check(field.Value, field.Path, $"in cluster {cluster}, " + (field.Path == "spec.mtls.mode" ? "every port" : "a port"), $"{policy.Key}.overrides.{cluster}[\"{field.Path}\"]");
                }
            }
        }

        return warnings;
    }

    // UNSET inherits the parent's mode, so it is never weaker by itself.
    private static int Rank(string mode) => mode switch
    {
        "DISABLE" => 0,
        "PERMISSIVE" => 1,
        _ => 2,
    };
}
