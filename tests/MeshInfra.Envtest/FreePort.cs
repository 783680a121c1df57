using System.Net;
using System.Net.Sockets;

namespace MeshInfra.Envtest;

/// <summary>Loopback ports nobody listens on, so servers side by side (and parallel test runs) never collide.</summary>
internal static class FreePort
{
    public static int Next()
    {
        // Bind to port 0 and let the kernel choose; the short window before etcd binds it is accepted.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
