using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Trust;
using Pulumi;
using Pulumi.Tls;
using Pulumi.Tls.Inputs;

namespace MeshInfra;

/// <summary>
/// The mesh's shared root of trust and one intermediate CA per cluster (Istio's plug-in CA
/// layout). Keys live only in the stack state, encrypted, and leave it only as secret Outputs.
/// </summary>
public sealed class MeshTrust : ComponentResource
{
    private readonly Dictionary<string, Intermediate> intermediates = new(StringComparer.Ordinal);
    private readonly Output<string> rootCertPem;

    public MeshTrust(string name, MeshPlan plan, Pulumi.Config config, ComponentResourceOptions? options = null)
        : base("meshinfra:mesh:Trust", name, options)
    {
        var child = new CustomResourceOptions { Parent = this };
        var root = plan.Trust.Single();
        Output<string> rootKeyPem;
        if (plan.Spec.Trust.Mode == TrustMode.Provided)
        {
            // An organisation's own root: both halves come from secret stack config.
            rootCertPem = config.RequireSecret(TrustSpec.ProvidedRootCertKey);
            rootKeyPem = config.RequireSecret(TrustSpec.ProvidedRootKeyKey);
        }
        else
        {
            var rootKey = Key("root-ca-key", root.Certificate, child);
            rootKeyPem = rootKey.PrivateKeyPem;
            rootCertPem = new SelfSignedCert("root-ca", new SelfSignedCertArgs
            {
                PrivateKeyPem = rootKey.PrivateKeyPem,
                Subject = new SelfSignedCertSubjectArgs
                {
                    Organization = root.Certificate.Subject.Organization,
                    CommonName = root.Certificate.Subject.CommonName,
                },
                ValidityPeriodHours = root.Certificate.ValidityHours,
                IsCaCertificate = true,
                SetSubjectKeyId = true,
                AllowedUses = root.Certificate.AllowedUses.ToList(),
            }, child).CertPem;
        }

        foreach (var cluster in plan.Clusters)
        {
            var planned = cluster.Resources.OfType<PlannedCertificate>().Single();
            var spec = planned.Certificate;
            // The generation is part of the names: raising it replaces this cluster's key and
            // certificate (new URNs) and touches nothing else; cacerts then updates in place.
            var suffix = $"{cluster.Cluster.Name}-g{planned.Generation}";
            var key = Key($"intermediate-key-{suffix}", spec, child);
            var request = new CertRequest($"intermediate-csr-{suffix}", new CertRequestArgs
            {
                PrivateKeyPem = key.PrivateKeyPem,
                Subject = new CertRequestSubjectArgs
                {
                    Organization = spec.Subject.Organization,
                    CommonName = spec.Subject.CommonName,
                    Locality = spec.Subject.Locality ?? cluster.Cluster.Name,
                },
                DnsNames = spec.DnsNames.ToList(),
            }, child);
            var certArgs = new LocallySignedCertArgs
            {
                CertRequestPem = request.CertRequestPem,
                CaPrivateKeyPem = rootKeyPem,
                CaCertPem = rootCertPem,
                ValidityPeriodHours = spec.ValidityHours,
                IsCaCertificate = true,
                SetSubjectKeyId = true,
                AllowedUses = spec.AllowedUses.ToList(),
            };
            if (spec.MaxPathLength is { } maxPathLength)
            {
                // Only where a profile asks for a limit; the intermediate's does not (Pulumi.Tls 5.5.1
                // writes MaxPathLength 0 as "no limit", so pathlen:0 cannot be issued: CertificateProfile).
                certArgs.MaxPathLength = maxPathLength;
            }

            var cert = new LocallySignedCert($"intermediate-ca-{suffix}", certArgs, child);
            intermediates[cluster.Cluster.Name] = new Intermediate(key, cert);
        }

        RegisterOutputs();
    }

    /// <summary>The resource that stands for a planned certificate, for dependency edges.</summary>
    public Resource CertificateResource(string cluster) => intermediates[cluster].Certificate;

    /// <summary>One entry of a cluster's cacerts Secret, always as a secret Output.</summary>
    public Output<string> CacertsEntry(string cluster, string key)
    {
        var intermediate = intermediates[cluster];
        var value = key switch
        {
            "ca-cert.pem" => intermediate.Certificate.CertPem,
            "ca-key.pem" => intermediate.Key.PrivateKeyPem,
            "root-cert.pem" => rootCertPem,
            // Istio reads the chain leaf-first: the intermediate, then the root.
            "cert-chain.pem" => Output.Tuple(intermediate.Certificate.CertPem, rootCertPem).Apply(t => t.Item1.TrimEnd('\n') + "\n" + t.Item2),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a cacerts key."),
        };
        // Tupling with a secret marks the result secret (the pattern the Pulumi SDKs use themselves).
        return Output.Tuple(value, Output.CreateSecret(0)).Apply(t => t.Item1);
    }

    private static PrivateKey Key(string name, CertificateSpec spec, CustomResourceOptions options) =>
        new(name, new PrivateKeyArgs { Algorithm = spec.KeyAlgorithm, RsaBits = spec.RsaBits }, options);

    private sealed record Intermediate(PrivateKey Key, LocallySignedCert Certificate);
}
