using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MeshInfra.Live;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Benchmarks;

/// <summary>
/// A cluster answering doctor's reads from memory, as an API server would: every list as JSON pages
/// of <see cref="LiveReadOptions.PageSize"/> items with continue tokens, so the benchmark times the
/// reader's own work (JSON parsing, building the objects) without a network or an API server.
/// </summary>
internal sealed class InMemoryClusterApi : IClusterApi
{
    private readonly Dictionary<string, byte[]> pages = new(StringComparer.Ordinal);
    private static readonly byte[] Version = Encoding.UTF8.GetBytes("""{"gitVersion":"v1.32.13"}""");

    public InMemoryClusterApi(string name, IEnumerable<JsonObject> objects, int pageSize)
    {
        Server = $"https://{name}.bench:6443";
        var byKind = objects.GroupBy(o => o["kind"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var kind in ResourceKinds.All)
        {
            var items = byKind.GetValueOrDefault(kind.Kind) ?? [];
            var count = Math.Max(1, (items.Count + pageSize - 1) / pageSize);
            for (var page = 0; page < count; page++)
            {
                var list = new JsonObject
                {
                    ["apiVersion"] = kind.ApiVersion,
                    ["kind"] = kind.Kind + "List",
                    ["metadata"] = page + 1 < count ? new JsonObject { ["continue"] = $"p{page + 1}" } : new JsonObject(),
                    ["items"] = new JsonArray([.. items.Skip(page * pageSize).Take(pageSize).Select(i => (JsonNode)i.DeepClone())]),
                };
                var query = $"{kind.ListPath}?limit={pageSize}" + (page == 0 ? "" : $"&continue=p{page}");
                pages[query] = Encoding.UTF8.GetBytes(list.ToJsonString());
            }
        }
    }

    public string Server { get; }

    public long Bytes => pages.Values.Sum(p => (long)p.Length);

    public Task<ApiResponse> GetAsync(string pathAndQuery, CancellationToken cancel) => Task.FromResult(
        pathAndQuery == "/version" ? new ApiResponse(HttpStatusCode.OK, Version)
        : pages.TryGetValue(pathAndQuery, out var page) ? new ApiResponse(HttpStatusCode.OK, page)
        : new ApiResponse(HttpStatusCode.NotFound, []));

    public void Dispose()
    {
    }

    /// <summary>A planned object as the API server returns it: deferred values resolved, JSON.</summary>
    public static JsonObject Live(MapNode planned, Func<Model.Planning.DeferredValue, object> resolve) =>
        ManifestJson.ToJson(planned, resolve)!.AsObject();
}
