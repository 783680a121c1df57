using MeshInfra.Model.Planning;
using MeshInfra.Model.Trust;
using Pulumi;
using Pulumi.Tls;
using Pulumi.Tls.Inputs;

namespace MeshInfra;

/// <summary>
/// The mesh's roots of trust (one, or two during a root rotation) and one intermediate CA per cluster
/// (Istio's plug-in CA layout), exactly as the plan names them. Keys live only in the stack state,
/// encrypted, and leave it only as secret Outputs. A certificate the plan no longer names (an old
/// root after dropOld, an intermediate after its renewal date or its switch to the new root) is
/// deleted by the engine, its key with it.
/// </summary>
public sealed class MeshTrust : ComponentResource
{
    private readonly Dictionary<string, Intermediate> intermediates = new(StringComparer.Ordinal);
    private readonly Dictionary<ResourceId, Root> roots = [];

    public MeshTrust(string name, MeshPlan plan, Pulumi.Config config, ComponentResourceOptions? options = null)
        : base("meshinfra:mesh:Trust", name, options)
    {
        var child = new CustomResourceOptions { Parent = this };
        foreach (var root in plan.Trust)
        {
            roots[root.Id] = root.ProvidedBy is { } keys
                // An organisation's own root: both halves come from secret stack config.
                ? new Root(config.RequireSecret(keys.Certificate), config.RequireSecret(keys.Key))
                : GeneratedRoot(root, child);
        }

        foreach (var cluster in plan.Clusters)
        {
            var planned = cluster.Resources.OfType<PlannedCertificate>().Single();
            var spec = planned.Certificate;
            var signer = roots[planned.SignedBy!];
            // The plan's issue name holds the generation, the renewal period and the signing root: a
            // change to any of them replaces this cluster's key and certificate (new URNs) and touches
            // nothing else; cacerts then updates in place.
            var suffix = planned.IssueName;
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
                CaPrivateKeyPem = signer.KeyPem,
                CaCertPem = signer.CertPem,
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
            var bundle = planned.TrustBundle.Select(id => roots[id].CertPem).Aggregate(Concatenate);
            intermediates[cluster.Cluster.Name] = new Intermediate(key, cert, signer.CertPem, bundle);
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
            // Every root the rotation's phase trusts, in the plan's order (TrustPlanner).
            "root-cert.pem" => intermediate.TrustBundle,
            // Istio reads the chain leaf-first: the intermediate, then the root that signed it.
            "cert-chain.pem" => Concatenate(intermediate.Certificate.CertPem, intermediate.SignerCertPem),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a cacerts key."),
        };
        // Tupling with a secret marks the result secret (the pattern the Pulumi SDKs use themselves).
        return Output.Tuple(value, Output.CreateSecret(0)).Apply(t => t.Item1);
    }

    private static Root GeneratedRoot(PlannedCertificate root, CustomResourceOptions options)
    {
        // Generation 1 keeps the names a mesh was first deployed with ("root-ca-key", "root-ca").
        var suffix = root.IssueName.Length == 0 ? "" : "-" + root.IssueName;
        var rootKey = Key($"root-ca-key{suffix}", root.Certificate, options);
        var cert = new SelfSignedCert($"root-ca{suffix}", new SelfSignedCertArgs
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
        }, options);
        return new Root(cert.CertPem, rootKey.PrivateKeyPem);
    }

    private static Output<string> Concatenate(Output<string> first, Output<string> second) =>
        Output.Tuple(first, second).Apply(t => t.Item1.TrimEnd('\n') + "\n" + t.Item2);

    private static PrivateKey Key(string name, CertificateSpec spec, CustomResourceOptions options) =>
        new(name, new PrivateKeyArgs { Algorithm = spec.KeyAlgorithm, RsaBits = spec.RsaBits }, options);

    private sealed record Root(Output<string> CertPem, Output<string> KeyPem);

    private sealed record Intermediate(PrivateKey Key, LocallySignedCert Certificate, Output<string> SignerCertPem, Output<string> TrustBundle);
}
