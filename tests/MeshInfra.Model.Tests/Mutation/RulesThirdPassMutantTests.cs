using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The protocol istiod gives a Kubernetes Service port (issue 17, third pass: KubernetesPortProtocol.cs 9709, 9711, 9717,
/// 9727). Inside the trace HTTP, HTTP2, GRPC-Web and a sniffed port ("") all take the http rules and the route's retries,
/// so those mutants change no request's path there; the protocol itself is what Istio computes, and these rows are
/// Istio's own cases for it: pkg/config/kube/conversion_test.go, TestConvertProtocol (every row, Unsupported read as
/// ""), plus the three appProtocol values Kubernetes defines (kubernetes.io/h2c, ws, wss) that ConvertProtocol
/// (pkg/config/kube/conversion.go) maps before the name, the grpc-web prefix, and Parse's names
/// (pkg/config/protocol/instance.go). The same files at 1.30.3 and 1.31.0-rc.0.
/// </summary>
public sealed class RulesThirdPassMutantTests
{
    [Theory]
    // TestConvertProtocol's rows.
    [InlineData(0, "", "TCP", null, "")]
    [InlineData(0, "", "UDP", null, "UDP")]
    [InlineData(0, "http-something", "TCP", null, "HTTP")]
    [InlineData(0, "http-something", "TCP", "https", "HTTPS")]
    [InlineData(0, "something-httpx", "TCP", "https", "HTTPS")]
    [InlineData(0, "grpc-web-x", "TCP", null, "GRPC-Web")]
    [InlineData(0, "grpcweb-x", "TCP", null, "")]
    [InlineData(3306, "random-name", "TCP", null, "TCP")]
    [InlineData(3306, "random-name", "TCP", "kubernetes.io/h2c", "HTTP2")]
    // Kubernetes' own appProtocol values, taken before the port's name.
    [InlineData(8000, "tcp-web", "TCP", "kubernetes.io/h2c", "HTTP2")]
    [InlineData(8000, "tcp-web", "TCP", "kubernetes.io/ws", "HTTP")]
    [InlineData(8000, "http-web", "TCP", "kubernetes.io/wss", "HTTPS")]
    // The grpc-web prefix in any case, before the part before '-' is parsed; an unknown name off the well-known ports is sniffed.
    [InlineData(8000, "GRPC-Web-ui", "TCP", null, "GRPC-Web")]
    [InlineData(8000, "web", "TCP", "grpc-web", "GRPC-Web")]
    [InlineData(8000, "web", "TCP", null, "")]
    [InlineData(8000, "mongo-primary", "TCP", null, "Mongo")]
    [InlineData(8000, "udp-dns", "TCP", null, "UDP")]
    [InlineData(8000, "grpc-api", "TCP", null, "GRPC")]
    [InlineData(8000, "http_proxy-egress", "TCP", null, "HTTP_PROXY")]
    [InlineData(8000, "http2-api", "TCP", null, "HTTP2")]
    [InlineData(8000, "tls-passthrough", "TCP", null, "TLS")]
    [InlineData(8000, "mysql-primary", "TCP", null, "MySQL")]
    public void APortTakesTheProtocolIstioConvertsItTo(int port, string name, string transport, string? appProtocol, string protocol) =>
        Assert.Equal(protocol, KubernetesPortProtocol.Of(port, name, transport, appProtocol));
}
