namespace MeshInfra.Model.Doctor;

/// <summary>
/// What doctor's checks need besides the plan and the live state: the time to judge certificates
/// against (given, never read from the clock, so a report is reproducible) and how far ahead an
/// expiry is reported.
/// </summary>
public sealed record DoctorOptions(DateTimeOffset Now)
{
    /// <summary>The default expiry window, as issue 14 asks: certificates expiring within 30 days are reported.</summary>
    public static readonly TimeSpan DefaultExpiryWindow = TimeSpan.FromDays(30);

    public TimeSpan ExpiryWindow { get; init; } = DefaultExpiryWindow;
}
