using MeshInfra.Model.Config;
using MeshInfra.Model.Trust;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// The stack keys of <c>trust.intermediates: provided</c> (the root kept offline): no root key at all,
/// each cluster's intermediate certificate, key (a secret) and chain present, and, where they are in
/// plain text, the chain checks <see cref="ProvidedIntermediateCheck"/> can make offline.
/// </summary>
public static class ProvidedIntermediates
{
    public static IEnumerable<ConfigError> Errors(StackFile file, MeshSpec spec, DateTimeOffset now)
    {
        foreach (var rootKey in new[] { TrustSpec.ProvidedRootKeyKey, TrustSpec.NextRootKeyKey }.Where(k => file.ConfigKeys.Contains(file.ConfigKey(k))))
        {
            // The value is never read or printed, secret or not.
            yield return new ConfigError(file.ConfigKey(rootKey), $"must not be in the stack when {MeshConfigParser.Root}.trust.intermediates is 'provided': the root key stays offline, and any key in the stack reaches Pulumi's state and every preview's program; remove it: pulumi config rm {rootKey}");
        }

        foreach (var cluster in spec.Clusters)
        {
            var name = cluster.Name;
            var missing = false;
            foreach (var (key, pem) in new[]
            {
                (TrustSpec.IntermediateCertKey(name), "ca-cert.pem"),
                (TrustSpec.IntermediateKeyKey(name), "ca-key.pem"),
                (TrustSpec.IntermediateChainKey(name), "cert-chain.pem"),
            })
            {
                var qualified = file.ConfigKey(key);
                if (!file.ConfigKeys.Contains(qualified))
                {
                    missing = true;
                    yield return new ConfigError(qualified, $"is required when {MeshConfigParser.Root}.trust.intermediates is 'provided': cluster {name}'s intermediate; set it with: pulumi config set --secret {key} < {pem}");
                }
                else if (key == TrustSpec.IntermediateKeyKey(name) && !file.SecretKeys.Contains(qualified))
                {
                    yield return new ConfigError(qualified, $"is stored in plain text; an intermediate CA key must be a secret: pulumi config set --secret {key} < ca-key.pem");
                }
            }

            if (missing)
            {
                continue;
            }

            string? Plain(string key) => file.PlainCertificates.TryGetValue(key, out var pem) ? pem : null;
            foreach (var error in ProvidedIntermediateCheck.Check(name, Plain(TrustSpec.IntermediateCertKey(name)), Plain(TrustSpec.IntermediateChainKey(name)), Plain(TrustSpec.ProvidedRootCertKey), now, file.ConfigKey))
            {
                yield return error;
            }
        }
    }
}
