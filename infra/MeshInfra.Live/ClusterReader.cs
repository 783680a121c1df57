using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Live;

/// <summary>
/// Reads one cluster into a <see cref="LiveCluster"/>: the server version, then every kind of
/// <see cref="ResourceKinds"/> listed cluster-wide in pages (limit and continue), then the public
/// part of the cacerts Secret if the identity may get it. A fault that makes the whole cluster
/// unreadable (connection, 401, timeout) leaves no objects, so the checks skip the cluster rather
/// than report what half a read is missing; a kind that is refused (403) or not installed (404) is
/// one finding and the rest is still read.
/// </summary>
public static class ClusterReader
{
    public const int DefaultPageSize = 500;

    public static async Task<LiveCluster> ReadAsync(
        string cluster, string context, IClusterApi api, string istioNamespace, TimeSpan timeout, int pageSize = DefaultPageSize, CancellationToken cancel = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            return await ReadWithinAsync(cluster, context, api, istioNamespace, pageSize, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return Unreachable(cluster, context, ReadFaults.Timeout(cluster, context, api.Server, timeout));
        }
        catch (ApiFaultException fault)
        {
            return Unreachable(cluster, context, ReadFaults.Fault(cluster, context, fault));
        }
        catch (UnauthorizedException)
        {
            return Unreachable(cluster, context, ReadFaults.Unauthorized(cluster, context, api.Server));
        }
        catch (UnexpectedAnswerException e)
        {
            return Unreachable(cluster, context, ReadFaults.Unexpected(cluster, context, api.Server, e.What, e.Response));
        }
    }

    private static async Task<LiveCluster> ReadWithinAsync(string cluster, string context, IClusterApi api, string istioNamespace, int pageSize, CancellationToken cancel)
    {
        var version = await api.GetAsync("/version", cancel);
        Check(version, "GET /version");
        var gitVersion = GitVersion(version.Body) ?? "unknown";

        var objects = ImmutableArray.CreateBuilder<MapNode>();
        var refused = new List<(ResourceKind, ApiResponse)>();
        var missing = new List<ResourceKind>();
        var trees = new JsonTreeReader();
        foreach (var kind in ResourceKinds.All)
        {
            var failure = await ListAsync(api, kind, pageSize, objects, trees, cancel);
            if (failure is null)
            {
                continue;
            }

            if (failure.Status == HttpStatusCode.Forbidden)
            {
                refused.Add((kind, failure));
            }
            else if (failure.Status == HttpStatusCode.NotFound && kind.IsIstio)
            {
                missing.Add(kind);
            }
            else
            {
                Check(failure, $"list {kind.Resource}");
            }
        }

        // Only if permitted: the least-privilege doctor role cannot read Secrets, and says so in the
        // report's "not checked"; a missing Secret means the stack's CA is istiod's own.
        var secret = await api.GetAsync($"/api/v1/namespaces/{Uri.EscapeDataString(istioNamespace)}/secrets/{CaCertsSecret.Name}", cancel);
        if (secret.Ok)
        {
            objects.Add(CaCertsSecret.PublicPart(secret.Body, istioNamespace));
        }
        else if (secret.Status is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
        {
            Check(secret, $"get secret {istioNamespace}/{CaCertsSecret.Name}");
        }

        var findings = ImmutableArray.CreateBuilder<DoctorFinding>();
        if (missing.Count > 0)
        {
            findings.Add(ReadFaults.CrdsMissing(cluster, missing));
        }

        if (refused.Count > 0)
        {
            findings.Add(ReadFaults.Forbidden(cluster, context, refused));
        }

        // The checks skip what depends on a kind not read, instead of taking its empty list for the truth.
        var unread = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (kind, response) in refused)
        {
            unread[kind.Kind] = $"{ReadFaults.UserOf(response) ?? $"the identity of context {context}"} may not list {kind.Resource} (403 Forbidden)";
        }

        foreach (var kind in missing)
        {
            unread[kind.Kind] = $"the API server has no {kind.Resource} (404: its CRD is not installed)";
        }

        return new LiveCluster(cluster, context, gitVersion, objects.ToImmutable(), findings.ToImmutable(), unread.ToImmutable());
    }

    /// <summary>Lists one kind page by page into <paramref name="into"/>; the failing answer, or null when every page was read.</summary>
    private static async Task<ApiResponse?> ListAsync(IClusterApi api, ResourceKind kind, int pageSize, ImmutableArray<MapNode>.Builder into, JsonTreeReader trees, CancellationToken cancel)
    {
        string? next = null;
        var first = true;
        while (first || next is not null)
        {
            first = false;
            var query = $"{kind.ListPath}?limit={pageSize}" + (next is null ? "" : $"&continue={Uri.EscapeDataString(next)}");
            var page = await api.GetAsync(query, cancel);
            if (page.Status == HttpStatusCode.Unauthorized)
            {
                throw new UnauthorizedException();
            }

            if (!page.Ok)
            {
                return page;
            }

            next = ListPage.Read(page.Body, kind, into, trees);
        }

        return null;
    }

    private static void Check(ApiResponse response, string what)
    {
        if (response.Status == HttpStatusCode.Unauthorized)
        {
            throw new UnauthorizedException();
        }

        if (!response.Ok)
        {
            throw new UnexpectedAnswerException(what, response);
        }
    }

    private static string? GitVersion(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("gitVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static LiveCluster Unreachable(string cluster, string context, DoctorFinding finding) =>
        new(cluster, context, null, [], [finding]);

    private sealed class UnauthorizedException : Exception;

    private sealed class UnexpectedAnswerException(string what, ApiResponse response) : Exception(what)
    {
        public string What { get; } = what;

        public ApiResponse Response { get; } = response;
    }
}
