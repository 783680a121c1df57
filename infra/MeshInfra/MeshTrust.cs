using MeshInfra.Model.Planning;
using MeshInfra.Model.Trust;
using Pulumi;
using Pulumi.Tls;
using Pulumi.Tls.Inputs;

namespace MeshInfra;

/// <summary>
/// The mesh's roots of trust (one, or two during a root rotation) and one intermediate CA per cluster
/// (Istio's plug-in CA layout), exactly as the plan names them, or given per cluster with the root's key
/// kept offline (trust.intermediates: provided). Keys live only in the stack state,
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
                // An organisation's own root: both halves come from secret stack config, or only the
                // certificate when the intermediates are provided too (the key stays offline, out of state).
                ? new Root(config.RequireSecret(keys.Certificate), keys.Key is { } rootKey ? config.RequireSecret(rootKey) : null)
                : GeneratedRoot(root, child);
        }

        foreach (var cluster in plan.Clusters)
        {
            var planned = cluster.Resources.OfType<PlannedCertificate>().Single();
            var bundle = planned.TrustBundle.Select(id => roots[id].CertPem).Aggregate(Concatenate);
            if (planned.ProvidedBy is { } given)
            {
                // trust.intermediates: provided: certificate, key and chain as given (validate checked the
                // chain offline where it could); nothing is issued, so no Pulumi.Tls resource exists.
                intermediates[cluster.Cluster.Name] = new Intermediate(
                    null,
                    config.RequireSecret(given.Certificate),
                    config.RequireSecret(given.Key!),
                    config.RequireSecret(planned.ProvidedChainBy!),
                    bundle);
                continue;
            }

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
                // A root without a key in the stack signs nothing here (the planner gives it only provided intermediates).
                CaPrivateKeyPem = signer.KeyPem ?? throw new InvalidOperationException($"Root {planned.SignedBy} has no key in the stack to sign {cluster.Cluster.Name}'s intermediate."),
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
            // Istio reads the chain leaf-first: the intermediate, then the root that signed it.
            intermediates[cluster.Cluster.Name] = new Intermediate(cert, cert.CertPem, key.PrivateKeyPem, Concatenate(cert.CertPem, signer.CertPem), bundle);
        }

        RegisterOutputs();
    }

    /// <summary>The resource that stands for a planned certificate, for dependency edges.</summary>
    public Resource CertificateResource(string cluster) => (Resource?)intermediates[cluster].Certificate ?? this;

    /// <summary>One entry of a cluster's cacerts Secret, always as a secret Output.</summary>
    public Output<string> CacertsEntry(string cluster, string key)
    {
        var intermediate = intermediates[cluster];
        var value = key switch
        {
            "ca-cert.pem" => intermediate.CertPem,
            "ca-key.pem" => intermediate.KeyPem,
            // Every root the rotation's phase trusts, in the plan's order (TrustPlanner).
            "root-cert.pem" => intermediate.TrustBundle,
            "cert-chain.pem" => intermediate.Chain,
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

    /// <summary>A root: its certificate, and its key unless it is kept offline.</summary>
    private sealed record Root(Output<string> CertPem, Output<string>? KeyPem);

    /// <summary>A cluster's cacerts parts; <see cref="Certificate"/> is the issued certificate's resource, null when given.</summary>
    private sealed record Intermediate(LocallySignedCert? Certificate, Output<string> CertPem, Output<string> KeyPem, Output<string> Chain, Output<string> TrustBundle);
}
