namespace MeshInfra.Model.Config;

/// <summary>A service port; the protocol is one of Istio's port protocols (HTTP, GRPC, TCP, ...).</summary>
public sealed record ServicePort(string Name, int Number, string Protocol)
{
    public static readonly string[] Protocols = ["HTTP", "HTTPS", "GRPC", "GRPC-WEB", "HTTP2", "MONGO", "TCP", "TLS"];
}
