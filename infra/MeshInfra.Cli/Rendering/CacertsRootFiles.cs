using System.Collections.Immutable;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Which root files a cluster's CA folder holds for the kubectl layout, one certificate each, and how
/// apply.sh puts them into the cacerts Secret: root-cert.pem of the Secret is <see cref="Bundle"/>
/// concatenated in order (old, then new: the bytes the Pulumi program writes, MeshTrust.CacertsEntry),
/// and cert-chain.pem must end at <see cref="Signer"/>. Outside a rotation that is root-cert.pem alone.
/// </summary>
/// <param name="Bundle">The root files the phase trusts, in the order of the plan's trust bundle.</param>
/// <param name="Signer">The root file that signs this cluster's intermediate in the phase.</param>
/// <param name="Phase">The rotation's phase; null outside a rotation.</param>
public sealed record CacertsRootFiles(ImmutableArray<string> Bundle, string Signer, RotationPhase? Phase)
{
    /// <summary>The current root (the old one during a rotation), as the Secret key it fills outside one.</summary>
    public const string RootFile = "root-cert.pem";

    /// <summary>A rotation's new root, beside the old (the file name the provided-root errors use too).</summary>
    public const string NewRootFile = "new-root-cert.pem";

    public static readonly CacertsRootFiles Single = new([RootFile], RootFile, null);

    public bool Rotating => Phase is not null;

    public static CacertsRootFiles For(MeshPlan plan, PlannedCertificate intermediate)
    {
        var rotation = plan.Spec.Trust.Rotation;
        if (!rotation.InProgress)
        {
            return Single;
        }

        // The plan's roots in a rotation: [old, new] until dropOld, then [new]; the new one is last.
        var newRoot = plan.Trust[^1].Id;
        string File(ResourceId root) => root == newRoot ? NewRootFile : RootFile;
        return new CacertsRootFiles([.. intermediate.TrustBundle.Select(File)], File(intermediate.SignedBy!), rotation.Phase);
    }

    /// <summary>The files of the CA folder: the cacerts keys with root-cert.pem replaced by the phase's root files.</summary>
    public IReadOnlyList<string> FolderFiles(IReadOnlyList<string> secretKeys) =>
        [.. secretKeys.SelectMany(k => k == RootFile ? (IEnumerable<string>)Bundle : [k])];
}
