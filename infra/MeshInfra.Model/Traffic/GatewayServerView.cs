using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// One server of a Gateway: its port (number, name, protocol), its hosts as istiod keeps them after
/// sanitizeServerHostNamespace (<c>./h</c> becomes the Gateway's namespace, <c>*/h</c> just <c>h</c>;
/// pilot/pkg/model/gateway.go at 1.30.3 and 1.31.0-rc.0), the Gateway's selector, and whether it
/// terminates or passes TLS.
/// </summary>
public sealed record GatewayServerView(ObjectRef Gateway, ImmutableSortedDictionary<string, string> Selector, int Port, string PortName, string Protocol, ImmutableArray<string> Hosts, string? TlsMode)
{
    /// <summary>The name VirtualServices bind to: <c>namespace/name</c>.</summary>
    public string GatewayName => $"{Gateway.Namespace}/{Gateway.Name}";

    /// <summary>
    /// Plain HTTP on this server's port, routed by Host and path: a protocol Istio's IsHTTP holds (HTTP, HTTP2,
    /// HTTP_PROXY, GRPC, GRPC-Web, any case), whatever its tls block (only an HTTPS redirect passes validation
    /// there). pkg/config/protocol/instance.go Parse and IsHTTP; pilot/pkg/networking/core/gateway.go
    /// buildGatewayListeners (the HTTP listener for p.IsHTTP()); pkg/config/gateway/gateway.go IsTLSServer
    /// (a tls block on an HTTP port is only a redirect), all at 1.30.3 and 1.31.0-rc.0.
    /// </summary>
    public bool IsPlainHttp => ListenerProtocol.IsHttp(Protocol);

    /// <summary>TLS on the server: its mode, SIMPLE for an HTTPS or TLS port without one (gateway.IsTLSServer), null for plain text.</summary>
    private static string? ReadTlsMode(MapNode server, DocReader read) =>
        read.Str(server.At("tls", "mode"))
        ?? ((read.Str(server.At("port", "protocol")) ?? "").ToUpperInvariant() is "HTTPS" or "TLS" ? "SIMPLE" : null);

    internal static IEnumerable<GatewayServerView> Read(MapNode spec, ObjectRef source, DocReader read)
    {
        var selector = read.StringMap(spec["selector"]);
        foreach (var server in DocReader.Items(spec["servers"]).OfType<MapNode>())
        {
            if (read.Int(server.At("port", "number")) is { } port)
            {
                yield return new GatewayServerView(
                    source,
                    selector,
                    port,
                    read.Str(server.At("port", "name")) ?? "",
                    read.Str(server.At("port", "protocol")) ?? "",
                    GatewayHosts.Sanitize(read.Strings(server["hosts"]), source.Namespace ?? "default"),
                    ReadTlsMode(server, read));
            }
        }
    }
}
