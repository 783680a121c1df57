namespace MeshInfra.Model.Istio;

/// <summary>
/// How a sidecar's outbound listener treats a port of each protocol istiod gives it
/// (pilot/pkg/networking/networking.go, ModelProtocolToListenerProtocol, 1.30.3 and 1.31.0-rc.0): HTTP, HTTP2,
/// HTTP_PROXY, GRPC and GRPC-Web get an HTTP connection manager and routes; TCP, HTTPS, TLS, Mongo, Redis and MySQL a
/// TCP proxy; a port without a protocol ("", unsupported) is sniffed, and an HTTP request on it takes the HTTP routes.
/// Names compare case-insensitively, as pkg/config/protocol/instance.go Parse reads them.
/// </summary>
public static class ListenerProtocol
{
    private static readonly HashSet<string> Http = new(["HTTP", "HTTP2", "HTTP_PROXY", "GRPC", "GRPC-Web"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> TcpProxy = new(["TCP", "HTTPS", "TLS", "Mongo", "Redis", "MySQL"], StringComparer.OrdinalIgnoreCase);

    /// <summary>An HTTP listener: a VirtualService's http rules and the route's retry policy apply.</summary>
    public static bool IsHttp(string? protocol) => protocol is not null && Http.Contains(protocol);

    /// <summary>A TCP proxy: no http rule and no HTTP retry policy applies (the VirtualService's tcp or tls routes would).</summary>
    public static bool IsTcpProxy(string? protocol) => protocol is not null && TcpProxy.Contains(protocol);
}
