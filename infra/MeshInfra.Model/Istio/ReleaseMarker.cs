using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Istio;

/// <summary>
/// The value MeshInfra writes into every Helm release it may ever uninstall (istiod of every revision,
/// each gateway), so the kubectl layout's <c>apply.sh</c>, which has no state, can tell its own release
/// from someone else's of the same name and namespace: it reads a dropped release's values
/// (<c>helm get values -o json</c>) and uninstalls it only when the marker is there. Both deploy paths
/// install the same values (the Pulumi program maps the plan's), so a release <c>pulumi up</c> made is
/// recognised too. <c>base</c> carries none: nothing ever uninstalls it (<see cref="Planning.PlannedRelease.RetainOnDelete"/>).
/// <para>
/// The marker is an annotation on the Deployment, under a values key each chart declares and renders
/// at 1.30.3 and 1.31.0-rc.0: istiod's <c>deploymentAnnotations</c> (istio-discovery
/// templates/deployment.yaml, the Deployment's metadata.annotations) and the gateway chart's
/// <c>annotations</c> (gateway templates/deployment.yaml, and its service, role and hpa; values.schema.json
/// allows string values under it). It is in neither pod template, so adding it to a running release
/// restarts no pod.
/// </para>
/// </summary>
public static class ReleaseMarker
{
    /// <summary>The annotation key, in MeshInfra's own domain (as <c>meshinfra.io/assumed</c>).</summary>
    public const string Key = "meshinfra.io/managed-by";

    public const string Value = OwnershipLabels.ManagedBy;

    /// <summary>
    /// The values key of <paramref name="chart"/> the marker is written under; null for a chart whose
    /// release is never uninstalled (base).
    /// </summary>
    public static string? ValuesKey(string chart) => chart switch
    {
        "istiod" => "deploymentAnnotations",
        "gateway" => "annotations",
        _ => null,
    };

    /// <summary>The marker's map, as the charts take it under <see cref="ValuesKey"/>.</summary>
    public static MapNode Annotations() => MapNode.OfStrings([KeyValuePair.Create(Key, Value)]);

    /// <summary>
    /// Which dropped releases the kubectl layout uninstalls, in the one wording <c>diff</c> and
    /// <c>apply.sh</c> print.
    /// </summary>
    public const string Rule = $"only a release whose values carry MeshInfra's marker (annotation {Key}: {Value})";

    /// <summary>
    /// The marker as <c>helm get values -o json</c> prints it: Go's encoder writes compact JSON (Helm's
    /// pkg/cli/output EncodeJSON), and the pattern allows spaces should a later Helm indent it. An
    /// extended regular expression for grep -E; the key's dots are escaped.
    /// </summary>
    public static string JsonPattern => $"\"{Key.Replace(".", "\\.", StringComparison.Ordinal)}\" *: *\"{Value}\"";
}
