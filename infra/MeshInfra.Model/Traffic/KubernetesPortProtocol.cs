namespace MeshInfra.Model.Traffic;

/// <summary>
/// The protocol istiod gives a Kubernetes Service port (pkg/config/kube/conversion.go, ConvertProtocol, called by
/// pilot/pkg/serviceregistry/kube/conversion.go for every port; pkg/config/protocol/instance.go, Parse; the same at
/// 1.30.3 and 1.31.0-rc.0). The L4 <c>protocol</c> counts only when it is UDP; otherwise <c>appProtocol</c>, else the
/// port name, decides: its <c>kubernetes.io/h2c</c>, <c>kubernetes.io/ws</c>, <c>kubernetes.io/wss</c> values, a
/// <c>grpc-web</c> prefix, else the part before the first '-' parsed case-insensitively. A name Istio does not know
/// (or none) is "unsupported": TCP on the well-known ports 25, 53, 3306 and 27017, and sniffed everywhere else ("").
/// </summary>
public static class KubernetesPortProtocol
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tcp"] = "TCP", ["udp"] = "UDP", ["grpc"] = "GRPC", ["http"] = "HTTP",
        ["http_proxy"] = "HTTP_PROXY", ["http2"] = "HTTP2", ["https"] = "HTTPS", ["tls"] = "TLS", ["mongo"] = "Mongo",
        ["redis"] = "Redis", ["mysql"] = "MySQL",
    };

    private static readonly HashSet<int> WellKnownTcpPorts = [25, 53, 3306, 27017];

    /// <summary>The protocol istiod gives the port; "" where it sniffs the traffic.</summary>
    public static string Of(int port, string name, string transport, string? appProtocol)
    {
        if (transport == "UDP")
        {
            return "UDP";
        }

        var label = name;
        if (appProtocol is not null)
        {
            label = appProtocol;
            switch (label)
            {
                case "kubernetes.io/h2c":
                    return "HTTP2";
                case "kubernetes.io/ws":
                    return "HTTP";
                case "kubernetes.io/wss":
                    return "HTTPS";
            }
        }

        if (label.StartsWith("grpc-web", StringComparison.OrdinalIgnoreCase))
        {
            return "GRPC-Web";
        }

        var dash = label.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash >= 0 ? label[..dash] : label;
        return Known.TryGetValue(prefix, out var protocol) ? protocol : WellKnownTcpPorts.Contains(port) ? "TCP" : "";
    }
}
