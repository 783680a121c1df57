using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Outlier detection as Istio builds it and Envoy enforces it. Rows are the cases of
/// pilot/pkg/networking/core/cluster_test.go, TestApplyOutlierDetection (1.30.3; the same cases at
/// 1.31.0-rc.0), read through Envoy's defaults for what Istio leaves unset.
/// </summary>
public sealed class IstioOutlierCases
{
    private static readonly DocReader Read = new(v => v.Placeholder);

    public static TheoryData<string, string?, string?> Cases => new()
    {
        // Case name, ejection (null: no outlier detection, nothing ejected).
        { "Nil outlier detection", null, null },
        // Consecutive_5Xx unset: Envoy's default 5, enforced; connection failures count as 5xx.
        { "No outlier detection is set", "{}", "ejected after 5 connection failures, and after 5 5xx answers from any pod behind it" },
        // A failed connection is a 503, a gateway error too (Envoy's outlier_detection_impl.cc, resultToHttpCode, putHttpResponseCode): the lower count ejects.
        { "Consecutive gateway and 5xx errors are set", "{consecutive5xxErrors: 4, consecutiveGatewayErrors: 3}", "ejected after 3 connection failures, and after 4 5xx answers from any pod behind it" },
        { "Only consecutive gateway is set", "{consecutiveGatewayErrors: 3}", "ejected after 3 connection failures, and after 5 5xx answers from any pod behind it" },
        { "Only consecutive 5xx is set", "{consecutive5xxErrors: 3}", "ejected after 3 connection failures, and after 3 5xx answers from any pod behind it" },
        // Enforcing 0 for the gateway errors; the 5xx count stays Envoy's default.
        { "Consecutive gateway is set to 0", "{consecutiveGatewayErrors: 0}", "ejected after 5 connection failures, and after 5 5xx answers from any pod behind it" },
        // Without the split, a connection failure is a 5xx: 0 turns ejection off for both.
        { "Consecutive 5xx is set to 0", "{consecutive5xxErrors: 0}", "ejected never for connection failures, never for 5xx answers" },
        // The split with the 5xx count left to Envoy still ejects for answers.
        { "Local origin errors is enabled", "{splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 10}", "ejected after 10 connection failures, and after 5 5xx answers from any pod behind it" },
        // What MeshInfra writes on every global host: connection failures only.
        { "MeshInfra's gateway policy", "{splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 5, consecutive5xxErrors: 0}", "ejected after 5 connection failures, never for 5xx answers" },
        // A local-origin count of 0 is not copied: Envoy's default 5 applies.
        { "Local origin count 0", "{splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 0, consecutive5xxErrors: 0}", "ejected after 5 connection failures, never for 5xx answers" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EjectionAgreesWithIstiosApplyOutlierDetectionTest(string name, string? outlier, string? ejection)
    {
        Assert.NotNull(name);
        Assert.Equal(ejection, IstioRules.Ejection(outlier is null ? null : Parse(outlier), Read)?.ToString());
    }

    /// <summary>The rows' flow maps, as YAML would give them: integers as numbers, true as a boolean.</summary>
    private static MapNode Parse(string flow)
    {
        var body = flow.Trim('{', '}');
        var entries = body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var (key, value) = (pair.Split(':')[0].Trim(), pair.Split(':')[1].Trim());
            ManifestNode node = value == "true" ? true : long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            return new MapEntry(key, node);
        });
        return new MapNode([.. entries]);
    }
}
