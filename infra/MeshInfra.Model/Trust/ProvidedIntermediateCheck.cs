using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Trust;

/// <summary>
/// What can be checked offline of an intermediate given with the root kept offline, with nothing but
/// certificates (the key is a secret and never read): it is a CA, valid now, its chain starts at it
/// and ends at the given root, and it verifies against that root through the chain, as istiod checks
/// cacerts before it signs anything (security/pkg/pki/util/keycertbundle.go, Verify: root-cert.pem as
/// the roots, cert-chain.pem as intermediates; 1.30.3 and 1.31.0-rc.0). Each error names the key.
/// </summary>
public static class ProvidedIntermediateCheck
{
    /// <param name="cluster">The cluster the intermediate is for.</param>
    /// <param name="certificate">The intermediate (PEM), or null when it is a secret (not read offline).</param>
    /// <param name="chain">The chain (PEM), or null when it is a secret.</param>
    /// <param name="root">The root's certificate (PEM), or null when it is a secret.</param>
    /// <param name="now">The moment validity is checked at.</param>
    /// <param name="keyOf">The config key as written in the stack (project-qualified).</param>
    public static IReadOnlyList<ConfigError> Check(string cluster, string? certificate, string? chain, string? root, DateTimeOffset now, Func<string, string> keyOf)
    {
        var certKey = keyOf(TrustSpec.IntermediateCertKey(cluster));
        var chainKey = keyOf(TrustSpec.IntermediateChainKey(cluster));
        if (certificate is null)
        {
            return [];
        }

        X509Certificate2 intermediate;
        try
        {
            intermediate = X509Certificate2.CreateFromPem(certificate);
        }
        catch (CryptographicException)
        {
            return [new ConfigError(certKey, $"is not a PEM certificate; give {cluster}'s intermediate CA certificate: pulumi config set {TrustSpec.IntermediateCertKey(cluster)} < ca-cert.pem")];
        }

        using (intermediate)
        {
            var errors = new List<ConfigError>();
            if (!intermediate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
            {
                errors.Add(new ConfigError(certKey, $"'{intermediate.Subject}' is not a CA certificate (its basic constraints do not say CA:TRUE), so istiod cannot sign workload certificates with it; give an intermediate CA"));
            }

            var notAfter = new DateTimeOffset(intermediate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter <= now)
            {
                errors.Add(new ConfigError(certKey, $"'{intermediate.Subject}' expired on {Day(notAfter)}; issue a new intermediate from the root and give it, its key and its chain"));
            }
            else if (new DateTimeOffset(intermediate.NotBefore.ToUniversalTime(), TimeSpan.Zero) > now)
            {
                errors.Add(new ConfigError(certKey, $"'{intermediate.Subject}' is not valid before {Day(new DateTimeOffset(intermediate.NotBefore.ToUniversalTime(), TimeSpan.Zero))}; give one valid today"));
            }

            if (chain is null || root is null)
            {
                return errors;
            }

            var links = new X509Certificate2Collection();
            var roots = new X509Certificate2Collection();
            try
            {
                links.ImportFromPem(chain);
                roots.ImportFromPem(root);
            }
            catch (CryptographicException)
            {
                errors.Add(new ConfigError(chainKey, "is not a PEM certificate bundle; give the chain from the intermediate up to and including the root (Istio's cert-chain.pem)"));
                return errors;
            }

            try
            {
                if (links.Count == 0 || roots.Count != 1)
                {
                    errors.Add(links.Count == 0
                        ? new ConfigError(chainKey, "holds no certificate; give the chain from the intermediate up to and including the root (Istio's cert-chain.pem)")
                        : new ConfigError(keyOf(TrustSpec.ProvidedRootCertKey), $"holds {roots.Count} certificates; give the one root CA certificate"));
                    return errors;
                }

                if (links[0].Thumbprint != intermediate.Thumbprint)
                {
                    errors.Add(new ConfigError(chainKey, $"starts at '{links[0].Subject}', not at {cluster}'s intermediate '{intermediate.Subject}': the chain is the intermediate, then any CA between, then the root"));
                }

                if (links[^1].Thumbprint != roots[0].Thumbprint)
                {
                    errors.Add(new ConfigError(chainKey, $"ends at '{links[^1].Subject}', not at the root '{roots[0].Subject}' in {keyOf(TrustSpec.ProvidedRootCertKey)}"));
                }

                using var build = new X509Chain();
                build.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                build.ChainPolicy.CustomTrustStore.Add(roots[0]);
                build.ChainPolicy.ExtraStore.AddRange(links);
                build.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                build.ChainPolicy.VerificationTime = now.UtcDateTime;
                // Expiry is reported above, by name; here only the signatures count.
                build.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
                if (!build.Build(intermediate))
                {
                    errors.Add(new ConfigError(certKey, $"'{intermediate.Subject}' is not signed by the root '{roots[0].Subject}' in {keyOf(TrustSpec.ProvidedRootCertKey)} (through {chainKey}): istiod would refuse this cacerts; issue the intermediate from that root"));
                }
            }
            finally
            {
                foreach (var c in links.Concat(roots))
                {
                    c.Dispose();
                }
            }

            return errors;
        }
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
