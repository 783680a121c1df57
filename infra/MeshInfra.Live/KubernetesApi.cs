using System.Security.Authentication;
using k8s;
using k8s.Exceptions;

namespace MeshInfra.Live;

/// <summary>
/// A cluster through the official client: its TLS setup (the kubeconfig's CA, client certificate)
/// and its credentials (token, exec plugin) are the client's own; requests are only GETs.
/// </summary>
public sealed class KubernetesApi : IClusterApi
{
    private readonly Kubernetes client;
    private readonly HttpClient http;

    public KubernetesApi(KubernetesClientConfiguration configuration)
    {
        // The client chains this handler in front of its own (TLS validation against the kubeconfig's
        // CA, client certificate), so requests sent through it are the client's requests. The
        // per-cluster deadline is the caller's cancellation, not HttpClient's own timeout.
        var entry = new PassThroughHandler();
        client = new Kubernetes(configuration, entry);
        http = new HttpClient(entry, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        Server = configuration.Host;
    }

    public string Server { get; }

    public async Task<ApiResponse> GetAsync(string pathAndQuery, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, pathAndQuery));
        request.Headers.Accept.ParseAdd("application/json");
        try
        {
            if (client.Credentials is { } credentials)
            {
                // Bearer tokens, exec credential plugins and basic auth, exactly as the client's own calls.
                await credentials.ProcessHttpRequestAsync(request, cancel);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
            return new ApiResponse(response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancel));
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException tls)
        {
            throw new ApiFaultException(
                $"TLS to {Server} failed: {OneLine(tls.Message)}",
                "check the kubeconfig's certificate-authority for this cluster (the server's certificate is not signed by it)");
        }
        catch (HttpRequestException e)
        {
            throw new ApiFaultException(
                $"cannot connect to {Server}: {OneLine(Innermost(e).Message)}",
                "check that the API server is up and reachable from here (VPN, firewall, the kubeconfig's server address)");
        }
        catch (KubeConfigException e)
        {
            throw new ApiFaultException(
                $"the kubeconfig's credentials for {Server} could not be obtained: {OneLine(e.Message)}",
                "run the credential plugin the kubeconfig names by hand (or log in again) and fix what it reports");
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    public void Dispose()
    {
        http.Dispose();
        client.Dispose();
    }
}
