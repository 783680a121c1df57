using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>A VirtualService as the traffic model reads it (HTTP routes only: MeshInfra writes no other kind; <see cref="HasTcpOrTlsRoutes"/> says when there are others).</summary>
public sealed record VirtualServiceView(ImmutableArray<string> Hosts, string Namespace, ImmutableArray<HttpRouteView> Http, ObjectRef Source)
{
    /// <summary>
    /// The gateways it binds to, each as <c>namespace/name</c> (or <c>mesh</c>): a short name is the
    /// VirtualService's own namespace, <c>./name</c> too, and the legacy <c>name.namespace[.svc...]</c> form
    /// gives its namespace (pilot/pkg/model/config.go, resolveGatewayName, 1.30.3 and 1.31.0-rc.0).
    /// None given means <c>mesh</c> only.
    /// </summary>
    public ImmutableArray<string> Gateways { get; init; } = [];

    /// <summary>The VirtualService's exportTo as written; empty means meshConfig.defaultVirtualServiceExportTo.</summary>
    public ImmutableArray<string> ExportTo { get; init; } = [];

    /// <summary>It has <c>tcp</c> or <c>tls</c> routes, which the model does not follow.</summary>
    public bool HasTcpOrTlsRoutes { get; init; }

    /// <summary>Where istiod lists it among VirtualServices: creation time, name, namespace.</summary>
    public CreationOrder Order { get; init; }

    /// <summary>Applies to sidecars: no gateways given, or <c>mesh</c> among them.</summary>
    public bool AppliesToMesh => Gateways.IsEmpty || Gateways.Contains(MeshGateway);

    public const string MeshGateway = "mesh";

    public static string ResolveGatewayName(string name, string vsNamespace)
    {
        if (name == MeshGateway)
        {
            return name;
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            return name[..slash] == "." ? $"{vsNamespace}/{name[(slash + 1)..]}" : name;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return $"{vsNamespace}/{name}";
        }

        var rest = name[(dot + 1)..];
        var next = rest.IndexOf('.', StringComparison.Ordinal);
        return $"{(next < 0 ? rest : rest[..next])}/{name[..dot]}";
    }
}
