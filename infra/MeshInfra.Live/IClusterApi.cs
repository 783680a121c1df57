namespace MeshInfra.Live;

/// <summary>
/// The only thing the reader asks of a cluster: GET a path (with its query). Read-only by
/// construction: there is no other verb. The real one goes through the Kubernetes client's
/// authentication and TLS; tests and benchmarks answer from memory.
/// </summary>
public interface IClusterApi : IDisposable
{
    /// <summary>The server's address, for messages.</summary>
    string Server { get; }

    /// <exception cref="ApiFaultException">The request could not be made or answered (connection, TLS, credentials plugin).</exception>
    Task<ApiResponse> GetAsync(string pathAndQuery, CancellationToken cancel);
}
