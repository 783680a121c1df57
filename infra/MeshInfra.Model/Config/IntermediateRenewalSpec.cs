namespace MeshInfra.Model.Config;

/// <summary>
/// The model's own clock for renewing intermediates (<c>trust.renewal</c>): from
/// <see cref="StartDate"/> time is cut into periods of (intermediate validity - window) days, and the
/// period today falls in is part of each intermediate's resource name, so an ordinary <c>pulumi up</c>
/// after a period ends issues a new key and certificate from the same root. Pulumi.Tls's own early
/// renewal is not used: it marks a certificate for renewal only when its state is read, which
/// <c>pulumi up</c> does not do without <c>--refresh</c> (pulumi/pulumi-tls issue 39, open).
/// </summary>
public sealed record IntermediateRenewalSpec(DateOnly StartDate, int WindowDays);
