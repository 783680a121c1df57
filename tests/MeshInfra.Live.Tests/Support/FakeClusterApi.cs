using System.Net;
using System.Text;

namespace MeshInfra.Live.Tests.Support;

/// <summary>A cluster answering from a table of path prefixes; anything else is an empty list. Records every path asked.</summary>
internal sealed class FakeClusterApi(Func<string, ApiResponse?> answer) : IClusterApi
{
    public List<string> Asked { get; } = [];

    public string Server => "https://fake.example:6443";

    public Task<ApiResponse> GetAsync(string pathAndQuery, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        lock (Asked)
        {
            Asked.Add(pathAndQuery);
        }

        return Task.FromResult(answer(pathAndQuery)
            ?? (pathAndQuery.StartsWith("/version", StringComparison.Ordinal) ? Json(HttpStatusCode.OK, """{"gitVersion":"v1.32.13"}""")
            : pathAndQuery.Contains("/secrets/", StringComparison.Ordinal) ? Json(HttpStatusCode.NotFound, Status(404, "NotFound", "secrets \"cacerts\" not found"))
            : Json(HttpStatusCode.OK, """{"apiVersion":"v1","kind":"List","metadata":{},"items":[]}""")));
    }

    public static ApiResponse Json(HttpStatusCode status, string body) => new(status, Encoding.UTF8.GetBytes(body));

    public static string Status(int code, string reason, string message) =>
        $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{message.Replace("\"", "\\\"", StringComparison.Ordinal)}}","reason":"{{reason}}","code":{{code}}}""";

    public void Dispose()
    {
    }
}
