using System.Net;

namespace MeshInfra.Live;

/// <summary>One GET's answer: the status and the body as the API server sent it (JSON).</summary>
public sealed record ApiResponse(HttpStatusCode Status, byte[] Body)
{
    public bool Ok => (int)Status is >= 200 and < 300;
}
