namespace MeshInfra.Model.Trust;

/// <summary>
/// Where an intermediate stands on the renewal clock: the period today falls in (its number is part of
/// the resource name), the day the next period starts (the first deploy from then issues a new
/// intermediate), and the last day a deploy renews it in time: an intermediate issued at the start of
/// its period is valid until then, one issued later is valid longer.
/// </summary>
public sealed record CertificateRenewal(int Period, DateOnly PeriodStart, DateOnly RenewsOn, DateOnly DeployBy);
