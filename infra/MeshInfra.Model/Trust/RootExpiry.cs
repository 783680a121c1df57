using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Trust;

/// <summary>
/// When a root stops being valid, and so by when its rotation must start. A root does not renew
/// itself: the only way past its end is a rotation (trustBoth, switch one cluster per deploy, dropOld),
/// which takes several deploys and a workload-certificate lifetime between phases. A provided root's
/// end is its certificate's notAfter, when the stack holds it in plain text; a generated root's is
/// rootValidityDays after the deploy that created it (Pulumi.Tls counts validity from creation), which
/// the stack file records only as trust.renewal.startDate, the documented day of the first deploy.
/// </summary>
/// <param name="ExpiresOn">The root's last valid day, when known offline.</param>
/// <param name="RotateBy">The day the rotation should start: <see cref="WindowDays"/> before the end.</param>
/// <param name="WindowDays">trust.renewal.windowDays, or <see cref="DefaultWindowDays"/> without it.</param>
/// <param name="Basis">Where <see cref="ExpiresOn"/> comes from, or why it is not known.</param>
public sealed record RootExpiry(DateOnly? ExpiresOn, DateOnly? RotateBy, int WindowDays, string Basis)
{
    /// <summary>The warning window without trust.renewal: a rotation is at least three deploys a day or more apart, plus one per cluster, and people take holidays.</summary>
    public const int DefaultWindowDays = 90;

    public static RootExpiry For(TrustSpec trust, PlannedCertificate root, DateOnly? providedNotAfter)
    {
        var window = trust.Renewal?.WindowDays ?? DefaultWindowDays;
        DateOnly? end = null;
        string basis;
        if (root.ProvidedBy is { } keys)
        {
            end = providedNotAfter;
            basis = end is null
                ? $"the provided certificate in {keys.Certificate} is a secret, not read offline; doctor reports the live root's expiry"
                : "the provided certificate's notAfter";
        }
        else if (trust.Renewal is { } renewal && root.Generation == 1)
        {
            end = renewal.StartDate.AddDays(root.Certificate.ValidityDays);
            basis = $"{root.Certificate.ValidityDays} days from trust.renewal.startDate {PlannedCertificate.Day(renewal.StartDate)}, the first deploy";
        }
        else
        {
            basis = $"valid {root.Certificate.ValidityDays} days from the deploy that created it, a day the stack file does not record"
                + (root.Generation == 1 ? " (set trust.renewal.startDate to it to see the date here)" : "")
                + "; doctor reports the live root's expiry";
        }

        return new RootExpiry(end, end?.AddDays(-window), window, basis);
    }

    /// <summary>The line plan prints and render records for the root <paramref name="id"/>.</summary>
    public string Describe(ResourceId id) => ExpiresOn is { } end
        ? $"Root {id} expires on {PlannedCertificate.Day(end)} ({Basis}); it does not renew itself: start its rotation (trust.rotation.phase: trustBoth, then switch one cluster per deploy, then dropOld) by {PlannedCertificate.Day(RotateBy!.Value)}, {WindowDays} days before"
        : $"Root {id}: {Basis}; it does not renew itself: rotate it (trust.rotation) at least {WindowDays} days before it ends";

    /// <summary>A warning when <paramref name="today"/> is within the window (or past the end); null before it.</summary>
    public string? Warning(ResourceId id, DateOnly today)
    {
        if (ExpiresOn is not { } end || today < RotateBy!.Value)
        {
            return null;
        }

        var left = end.DayNumber - today.DayNumber;
        return left < 0
            ? $"root {id} expired on {PlannedCertificate.Day(end)}: every workload certificate chaining to it is rejected; rotate it now (trust.rotation.phase: trustBoth)"
            : $"root {id} expires on {PlannedCertificate.Day(end)}, in {left} days (within the {WindowDays}-day window): start its rotation now (trust.rotation.phase: trustBoth), a rotation takes several deploys";
    }
}
