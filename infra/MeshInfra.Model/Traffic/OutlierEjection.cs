using System.Globalization;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// What ejects an endpoint under a merged outlier detection, as Envoy runs what Istio builds from it:
/// after <see cref="ConnectionFailures"/> connection failures in a row (0: never), and after
/// <see cref="ApplicationErrors"/> HTTP answers in a row that are 5xx (or, for <see cref="GatewayErrors"/>,
/// 502/503/504) from the pods behind it (0: never).
/// </summary>
public sealed record OutlierEjection(int ConnectionFailures, int ApplicationErrors, int GatewayErrors)
{
    /// <summary>Whether the answers of the application behind an endpoint can eject it.</summary>
    public bool EjectsOnAnswers => ApplicationErrors > 0 || GatewayErrors > 0;

    public override string ToString()
    {
        var connection = ConnectionFailures > 0 ? $"after {ConnectionFailures.ToString(CultureInfo.InvariantCulture)} connection failures" : "never for connection failures";
        var answers = !EjectsOnAnswers
            ? "never for 5xx answers"
            : ApplicationErrors > 0
                ? $"and after {ApplicationErrors.ToString(CultureInfo.InvariantCulture)} 5xx answers from any pod behind it"
                : $"and after {GatewayErrors.ToString(CultureInfo.InvariantCulture)} 502/503/504 answers from any pod behind it";
        return $"ejected {connection}, {answers}";
    }
}
