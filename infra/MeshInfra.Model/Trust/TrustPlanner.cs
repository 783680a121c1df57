using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Trust;

/// <summary>
/// The mesh's roots and each cluster's intermediate for the stack's trust settings: which roots exist
/// in the rotation's phase, which one signs each cluster's intermediate, which ones each cluster's
/// cacerts root-cert.pem holds (old first, then new: the same bytes in trustBoth and switch, so istiod
/// sees root-cert.pem change only when the new root is added and when the old one is dropped), and the
/// renewal period that names each intermediate.
/// </summary>
public static class TrustPlanner
{
    public static readonly ResourceId CurrentRootId = new(ResourceId.MeshScope, "ca/root");

    /// <summary>The roots this phase needs, the one intermediates chain to outside a switch first.</summary>
    public static ImmutableArray<PlannedCertificate> Roots(TrustSpec trust)
    {
        var rotation = trust.Rotation;
        var old = Root(trust, trust.RootGeneration, next: false) with { RotationRole = rotation.InProgress ? "old root, trusted until dropOld" : null };
        if (!rotation.InProgress)
        {
            return [old];
        }

        var next = Root(trust, trust.RootGeneration + 1, next: true) with { RotationRole = $"new root ({RootRotationSpec.Name(rotation.Phase)})" };
        return rotation.TrustsOldRoot ? [old, next] : [next];
    }

    public static PlannedCertificate Intermediate(TrustSpec trust, ClusterSpec cluster, ImmutableArray<PlannedCertificate> roots, DateOnly today)
    {
        var rotation = trust.Rotation;
        var signer = rotation.UsesNewRoot(cluster.Name) ? roots[^1] : roots[0];
        if (trust.ProvidedIntermediates)
        {
            // Given, not issued: the certificate, key and chain come from the cluster's config keys, and
            // nothing is generated, so nothing about them changes resource names.
            return new PlannedCertificate(new ResourceId(cluster.Name, "ca/intermediate"), CertificateProfile.Intermediate(trust, cluster), signer.Id, cluster.IntermediateGeneration)
            {
                TrustBundle = [.. roots.Select(r => r.Id)],
                ProvidedBy = (TrustSpec.IntermediateCertKey(cluster.Name), TrustSpec.IntermediateKeyKey(cluster.Name)),
                ProvidedChainBy = TrustSpec.IntermediateChainKey(cluster.Name),
            };
        }

        var renewal = Renewal(trust, today);
        var name = $"{cluster.Name}-g{cluster.IntermediateGeneration}"
            + (renewal is { Period: > 0 } r ? $"-p{r.Period}" : "")
            + (signer.Id == CurrentRootId ? "" : "-" + signer.Id.Name["ca/".Length..]);
        return new PlannedCertificate(new ResourceId(cluster.Name, "ca/intermediate"), CertificateProfile.Intermediate(trust, cluster), signer.Id, cluster.IntermediateGeneration)
        {
            IssueName = name,
            TrustBundle = [.. roots.Select(r => r.Id)],
            Renewal = renewal,
        };
    }

    /// <summary>The renewal period <paramref name="today"/> falls in, or null without trust.renewal.</summary>
    public static CertificateRenewal? Renewal(TrustSpec trust, DateOnly today)
    {
        if (trust.Renewal is not { } renewal)
        {
            return null;
        }

        var length = trust.IntermediateValidityDays - renewal.WindowDays;
        var elapsed = today.DayNumber - renewal.StartDate.DayNumber;
        var period = elapsed < 0 ? 0 : elapsed / length;
        var start = renewal.StartDate.AddDays(period * length);
        var renewsOn = start.AddDays(length);
        return new CertificateRenewal(period, start, renewsOn, renewsOn.AddDays(renewal.WindowDays));
    }

    private static PlannedCertificate Root(TrustSpec trust, int generation, bool next)
    {
        var profile = CertificateProfile.Root(trust, generation);
        if (trust.Mode == TrustMode.Provided)
        {
            return new PlannedCertificate(next ? new ResourceId(ResourceId.MeshScope, "ca/root-next") : CurrentRootId, profile, null, 0)
            {
                IssueName = next ? "next" : "",
                // With provided intermediates the root signs nothing here: its key stays offline.
                ProvidedBy = next ? (TrustSpec.NextRootCertKey, TrustSpec.NextRootKeyKey) : (TrustSpec.ProvidedRootCertKey, trust.ProvidedIntermediates ? null : TrustSpec.ProvidedRootKeyKey),
            };
        }

        // Generation 1 keeps the names a mesh was first deployed with, so nothing is replaced on upgrade.
        var id = generation == 1 ? CurrentRootId : new ResourceId(ResourceId.MeshScope, $"ca/root-g{generation}");
        return new PlannedCertificate(id, profile, null, generation) { IssueName = generation == 1 ? "" : $"g{generation}" };
    }
}
