using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// One root of trust: every cluster's cacerts (its public part, where the reader could read it)
/// chaining its intermediate to one shared root, every namespace's istio-ca-root-cert equal to that
/// root, and no certificate among them expiring within the window.
/// </summary>
internal static class TrustCheck
{
    public const string Check = "precondition";
    public const string ExpiryCheck = "expiry";
    public const string RootConfigMap = "istio-ca-root-cert";
    public const string RootKey = "root-cert.pem";

    public static void Run(DoctorRun run, DocReader read)
    {
        var roots = new List<(string Cluster, string Object, string Pem)>();
        var cacertsRoots = new List<(string Cluster, string Pem)>();
        foreach (var cluster in run.Plan.Spec.Clusters)
        {
            if (run.Reachable(cluster.Name) is not { } live)
            {
                continue;
            }

            if (live.Get("Secret", IstioLabels.IstioSystem, "cacerts") is { } cacerts)
            {
                if (Cacerts(run, cluster.Name, cacerts, read) is { } root)
                {
                    cacertsRoots.Add((cluster.Name, root));
                }
            }
            else
            {
                run.Skip($"{cluster.Name}: Secret istio-system/cacerts not read (the doctor role has no access to Secrets: only istiod may read the CA key), so its chain and expiry are not checked");
            }

            run.SkipUnread(live, Check, $"each namespace's {RootConfigMap} (the shared root, its expiry)", "ConfigMap");
            foreach (var map in live.OfKind("ConfigMap").Where(m => read.Str(m.At("metadata", "name")) == RootConfigMap))
            {
                if (read.Str(map.At("data", RootKey)) is { } pem)
                {
                    roots.Add((cluster.Name, LiveObjects.Describe("ConfigMap", read.Str(map.At("metadata", "namespace")), RootConfigMap), Normalize(pem)));
                }
            }
        }

        // The reference root: the one the cacerts Secrets carry when read, else the one most
        // istio-ca-root-cert ConfigMaps hold (ties in text order, so the report is stable).
        var reference = cacertsRoots.Select(r => r.Pem).Concat(roots.Select(r => r.Pem))
            .GroupBy(p => p, StringComparer.Ordinal)
            .OrderByDescending(g => cacertsRoots.Count(r => r.Pem == g.Key)).ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();
        // During a root rotation the phase says which roots each cacerts and ConfigMap holds, and they
        // differ between clusters on purpose (one deployed, one not yet): RotationPhaseCheck compares them
        // with the phase, so comparing them with each other here would report the same object twice.
        var rotating = run.Plan.Spec.Trust.Rotation.InProgress;
        foreach (var (cluster, pem) in cacertsRoots.Where(r => !rotating && r.Pem != reference))
        {
            run.Find(cluster, FindingKind.Precondition, "Secret istio-system/cacerts", $"root-cert.pem of cacerts in {cluster} ({Subject(pem)}) is not the root the other clusters share ({Subject(reference!)}): workloads of {cluster} and the others cannot verify each other", DoctorRules.SharedRoot, "give every cluster an intermediate signed by the one mesh root (trust in the stack), then `pulumi up` and restart istiod");
        }

        var expiring = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cluster, obj, pem) in roots.OrderBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Object, StringComparer.Ordinal))
        {
            run.Count(Check);
            if (!rotating && pem != reference)
            {
                run.Find(cluster, FindingKind.Precondition, obj, $"{obj} holds a root ({Subject(pem)}) other than the mesh's shared root ({Subject(reference!)}): sidecars there reject peers signed under the shared root", DoctorRules.SharedRoot, "restart istiod in that cluster after fixing cacerts (istiod rewrites istio-ca-root-cert in every namespace)");
            }

            // One expiry finding per cluster and certificate, on the first ConfigMap holding it in name order.
            if (expiring.Add(cluster + "\n" + pem))
            {
                Expiry(run, cluster, obj, "root certificate", pem);
            }
        }
    }

    /// <summary>Checks one cacerts Secret's public part; returns its root (PEM) when readable.</summary>
    private static string? Cacerts(DoctorRun run, string cluster, MapNode secret, DocReader read)
    {
        const string obj = "Secret istio-system/cacerts";
        run.Count(Check);
        string? Field(string key) => read.Str(secret.At("stringData", key)) ?? Decode(read.Str(secret.At("data", key)));
        var root = Field("root-cert.pem");
        var ca = Field("ca-cert.pem");
        if (root is null || ca is null)
        {
            run.Find(cluster, FindingKind.Precondition, obj, $"{obj} lacks {(root is null ? "root-cert.pem" : "ca-cert.pem")}: istiod falls back to a self-signed CA", DoctorRules.SharedRoot, "run `pulumi up` to write cacerts again, then restart istiod");
            return root is null ? null : Normalize(root);
        }

        try
        {
            using var rootCert = X509Certificate2.CreateFromPem(root);
            using var caCert = X509Certificate2.CreateFromPem(ca);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            // root-cert.pem may hold several roots (during a root rotation): istiod pools them all (Verify).
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(root);
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = run.Options.Now.UtcDateTime;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
            if (!chain.Build(caCert))
            {
                run.Find(cluster, FindingKind.Precondition, obj, $"ca-cert.pem of {obj} ({caCert.Subject}) does not chain to its root-cert.pem ({rootCert.Subject})", DoctorRules.SharedRoot, "run `pulumi up` to issue the intermediate from the mesh root again, then restart istiod");
            }

            Expiry(run, cluster, obj, "intermediate CA certificate (ca-cert.pem)", ca);
            Expiry(run, cluster, obj, "root certificate (root-cert.pem)", root);
        }
        catch (CryptographicException e)
        {
            run.Find(cluster, FindingKind.Precondition, obj, $"{obj} holds a certificate that cannot be read ({e.Message})", DoctorRules.SharedRoot, "run `pulumi up` to write cacerts again");
        }

        return Normalize(root);
    }

    private static void Expiry(DoctorRun run, string cluster, string obj, string what, string pem)
    {
        run.Count(ExpiryCheck);
        X509Certificate2 cert;
        try
        {
            cert = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            run.Find(cluster, FindingKind.Precondition, obj, $"{obj}: the {what} cannot be read ({e.Message})", DoctorRules.SharedRoot, "restart istiod so it writes the root again");
            return;
        }

        using (cert)
        {
            var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter > run.Options.Now + run.Options.ExpiryWindow)
            {
                return;
            }

            var when = notAfter <= run.Options.Now ? "expired on" : "expires on";
            var days = (int)Math.Floor((notAfter - run.Options.Now).TotalDays);
            run.Find(
                cluster,
                FindingKind.Expiry,
                obj,
                $"the {what} in {obj} ({cert.Subject}) {when} {notAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC" + (days >= 0 ? $", in {days} days" : ""),
                DoctorRules.Expiry,
                what.StartsWith("intermediate", StringComparison.Ordinal)
                    ? $"rotate the intermediate: raise mesh.clusters[{cluster}].intermediateGeneration, `pulumi up`, then restart istiod"
                    : "rotate the mesh root before it expires: a new root in the stack's trust settings, `pulumi up`, then restart istiod and the workloads");
        }
    }

    private static string? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Subject(string pem)
    {
        try
        {
            using var cert = X509Certificate2.CreateFromPem(pem);
            return cert.Subject;
        }
        catch (CryptographicException)
        {
            return "unreadable";
        }
    }

    private static string Normalize(string pem) => pem.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
