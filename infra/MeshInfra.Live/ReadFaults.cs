using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MeshInfra.Model.Doctor;

namespace MeshInfra.Live;

/// <summary>
/// Every way reading a cluster can fail, as one <c>unreachable</c> finding each: what failed, the
/// Kubernetes rule behind it, and the fix. Messages quote the API server's Status only through
/// the fields it defines (user, verb, resource), one line, never a body dump.
/// </summary>
public static partial class ReadFaults
{
    private const string KubeconfigRule = "kubectl's kubeconfig loading rules: --kubeconfig, else KUBECONFIG (merged), else ~/.kube/config; the context names cluster and user";
    private const string AuthenticationRule = "Kubernetes authentication: a request whose credentials no authenticator accepts is answered 401";
    private const string RbacRule = "Kubernetes RBAC: a request is allowed only when a Role or ClusterRole bound to the identity grants its verb on its resource";
    private const string CrdRule = "Kubernetes serves a custom resource only while its CustomResourceDefinition is installed; Istio's are in its base chart (crd-all.gen.yaml)";

    public static DoctorFinding Kubeconfig(ClusterTarget target, string message, string fix) =>
        new(target.Cluster, FindingKind.Unreachable, $"context {target.Context}", message, KubeconfigRule, fix);

    public static DoctorFinding Fault(string cluster, string context, ApiFaultException fault) =>
        new(cluster, FindingKind.Unreachable, $"context {context}", fault.Message, "the API server must answer every read doctor makes", fault.Fix);

    public static DoctorFinding Timeout(string cluster, string context, string server, TimeSpan timeout) =>
        new(cluster, FindingKind.Unreachable, $"context {context}",
            $"{server} did not answer every read within {timeout.TotalSeconds:0.#} s",
            "doctor reads each cluster within --timeout, so one slow cluster cannot hold up the others",
            "check the network path to the API server, or raise --timeout");

    /// <summary>A non-success answer to a request the whole cluster's reading depends on (the version, or any list after 401).</summary>
    public static DoctorFinding Unauthorized(string cluster, string context, string server) =>
        new(cluster, FindingKind.Unreachable, $"context {context}",
            $"{server} refused the credentials of context {context} (401 Unauthorized): the token has expired or is not valid",
            AuthenticationRule,
            $"renew the credentials of context {context} (log in again, or check the exec credential plugin) and run doctor again");

    public static DoctorFinding Unexpected(string cluster, string context, string server, string what, ApiResponse response) =>
        new(cluster, FindingKind.Unreachable, $"context {context}",
            $"{server} answered {(int)response.Status} {response.Status} to {what}: {StatusMessage(response) ?? "no Status message"}",
            "the API server must answer every read doctor makes",
            "check the API server's health (kubectl get --raw /readyz) and run doctor again");

    /// <summary>One finding for every kind the identity may not list (403), naming the user, the verb and each resource.</summary>
    public static DoctorFinding Forbidden(string cluster, string context, IReadOnlyList<(ResourceKind Kind, ApiResponse Response)> refused)
    {
        var user = refused.Select(r => UserOf(r.Response)).FirstOrDefault(u => u is not null) ?? $"the identity of context {context}";
        var resources = string.Join(", ", refused.Select(r => r.Kind.Resource));
        return new(cluster, FindingKind.Unreachable, $"RBAC {string.Join(", ", refused.Select(r => r.Kind.Kind))}",
            $"{user} may not list {resources} at the cluster scope (403 Forbidden), so doctor cannot check them",
            RbacRule,
            $"bind the read-only doctor ClusterRole rendered with the stack to {user}, or grant verbs get and list on {resources}");
    }

    /// <summary>One finding for the Istio kinds the API server does not serve (404): their CRDs are not installed.</summary>
    public static DoctorFinding CrdsMissing(string cluster, IReadOnlyList<ResourceKind> missing) =>
        new(cluster, FindingKind.Unreachable, $"CustomResourceDefinition for {string.Join(", ", missing.Select(k => k.Kind))}",
            $"the API server has no {string.Join(", ", missing.Select(k => k.Resource))} (404): Istio's CRDs are not installed",
            CrdRule,
            "install Istio's CRDs (the base chart the stack's Helm releases install first: pulumi up), then run doctor again");

    /// <summary>The user name a 403 Status names (<c>User "x" cannot list resource ...</c>), or null.</summary>
    internal static string? UserOf(ApiResponse response) =>
        StatusMessage(response) is { } message && ForbiddenUser().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    internal static string? StatusMessage(ApiResponse response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? Clip(message.GetString()!.ReplaceLineEndings(" "))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "...";

    [GeneratedRegex("User \"([^\"]{1,253})\" cannot", RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenUser();

    internal static bool IsNotFound(ApiResponse response) => response.Status == HttpStatusCode.NotFound;
}
