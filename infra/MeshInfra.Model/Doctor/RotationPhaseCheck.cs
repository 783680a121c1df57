using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshInfra.Model.Config;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;
using MeshInfra.Model.Trust;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// Whether a root rotation's phase is complete in the clusters, before the next phase is proposed:
/// every cacerts' root-cert.pem holds the roots the phase trusts, its intermediate chains to the root
/// the phase names (old, or new once the cluster is switched; root-cert.pem lists them old first), and
/// every namespace's istio-ca-root-cert holds the same roots (istiod took the new bundle). Expiry within
/// the window is TrustCheck's. What doctor cannot read is which root a running workload's certificate
/// chains to: it lives in the proxy, so the report says how long to wait instead.
/// </summary>
internal static class RotationPhaseCheck
{
    public const string Check = "rotation";

    public const string Rule = "pilot/pkg/bootstrap/istio_ca.go, handleEvent (istiod takes a changed root-cert.pem only with ISTIO_MULTIROOT_MESH and when one bundle holds the other) and pilot/pkg/serviceregistry/kube/controller/namespacecontroller.go, reconcileCACertAndCRL (istiod writes that bundle into every namespace's istio-ca-root-cert), 1.30.3 and 1.31.0-rc.0";

    public static void Run(DoctorRun run, DocReader read)
    {
        var rotation = run.Plan.Spec.Trust.Rotation;
        if (!rotation.InProgress)
        {
            return;
        }

        var phase = RootRotationSpec.Name(rotation.Phase);
        run.Skip($"which root each workload's certificate chains to lives in its proxy and is not read: wait {RotationText.WorkloadCertificateHours} h after phase {phase} was deployed (the workload certificate lifetime, DEFAULT_WORKLOAD_CERT_TTL in pilot/pkg/bootstrap/istio_ca.go) before the next phase, or restart the workloads");
        foreach (var clusterPlan in run.Plan.Clusters)
        {
            var name = clusterPlan.Cluster.Name;
            if (run.Reachable(name) is not { } live)
            {
                continue;
            }

            var intermediate = clusterPlan.Resources.OfType<PlannedCertificate>().Single();
            var expected = intermediate.TrustBundle.Length;
            var signer = intermediate.TrustBundle.IndexOf(intermediate.SignedBy!);
            string? cacertsRoots = null;
            if (live.Get("Secret", IstioLabels.IstioSystem, "cacerts") is { } cacerts)
            {
                run.Count(Check);
                string? Field(string key) => read.Str(cacerts.At("data", key)) is { } b64 ? Decode(b64) : read.Str(cacerts.At("stringData", key));
                cacertsRoots = Field("root-cert.pem");
                if (cacertsRoots is not null && Field("ca-cert.pem") is { } ca)
                {
                    Cacerts(run, name, phase, intermediate, cacertsRoots, ca, expected, signer);
                }
            }

            run.SkipUnread(live, Check, $"the roots each namespace's {TrustCheck.RootConfigMap} holds", "ConfigMap");
            foreach (var map in live.OfKind("ConfigMap").Where(m => read.Str(m.At("metadata", "name")) == TrustCheck.RootConfigMap))
            {
                run.Count(Check);
                var ns = read.Str(map.At("metadata", "namespace"));
                var held = Fingerprints(read.Str(map.At("data", TrustCheck.RootKey)));
                var want = cacertsRoots is null ? null : Fingerprints(cacertsRoots);
                if (held.Count != expected || (want is not null && !held.SetEquals(want)))
                {
                    run.Find(
                        name,
                        FindingKind.Precondition,
                        $"ConfigMap {ns}/{TrustCheck.RootConfigMap}",
                        $"holds {Roots(held.Count)} where phase {phase} trusts {Roots(expected)} ({string.Join(" + ", intermediate.TrustBundle)}){(want is null ? "" : " as cacerts root-cert.pem does")}: istiod has not taken this phase's root-cert.pem, and sidecars started now trust the wrong roots",
                        Rule,
                        "check that istiod runs with ISTIO_MULTIROOT_MESH=true (MeshInfra sets it during a rotation) or restart it: kubectl -n istio-system rollout restart deployment/istiod; it rewrites every namespace's istio-ca-root-cert");
                }
            }
        }
    }

    private static void Cacerts(DoctorRun run, string cluster, string phase, PlannedCertificate intermediate, string rootsPem, string caPem, int expected, int signer)
    {
        const string obj = "Secret istio-system/cacerts";
        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(rootsPem);
            if (roots.Count != expected)
            {
                run.Find(cluster, FindingKind.Precondition, obj, $"root-cert.pem holds {Roots(roots.Count)} where phase {phase} trusts {Roots(expected)} ({string.Join(" + ", intermediate.TrustBundle)}): phase {phase} is not deployed here", Rule, $"run `pulumi up` for phase {phase}");
                return;
            }

            using var ca = X509Certificate2.CreateFromPem(caPem);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(roots[signer]);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
            if (!chain.Build(ca))
            {
                var which = signer == 0 && expected > 1 ? "old" : "new";
                run.Find(cluster, FindingKind.Precondition, obj, $"ca-cert.pem ({ca.Subject}) does not chain to the {(expected == 1 ? "" : which + " ")}root {intermediate.SignedBy} ({roots[signer].Subject}) that phase {phase} names for {cluster}: the intermediate of another phase is deployed", Rule, $"run `pulumi up` for phase {phase}; istiod reloads a new intermediate without a restart");
            }
        }
        catch (CryptographicException e)
        {
            run.Find(cluster, FindingKind.Precondition, obj, $"{obj} holds a certificate that cannot be read ({e.Message})", Rule, "run `pulumi up` to write cacerts again");
        }
    }

    private static HashSet<string> Fingerprints(string? pem)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (pem is null)
        {
            return set;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            return set;
        }

        foreach (var certificate in certificates)
        {
            set.Add(certificate.Thumbprint);
            certificate.Dispose();
        }

        return set;
    }

    private static string Roots(int n) => n == 1 ? "1 root" : $"{n} roots";

    private static string? Decode(string base64)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
