using System.Collections.Immutable;
using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Tests.Dns;

/// <summary>Sample mesh DNS blocks; entries are deliberately out of order to exercise sorting.</summary>
internal static class Meshes
{
    public static readonly MeshDnsBlock Global = new(
        "global",
        [
            new HostsEntry("240.0.0.3", "reviews.default.global"),
            new HostsEntry("240.0.0.2", "httpbin.bar.global"),
        ]);

    public static readonly MeshDnsBlock GlobalChanged = new(
        "global",
        [
            new HostsEntry("240.0.0.4", "reviews.default.global"),
            new HostsEntry("240.0.0.9", "ratings.default.global"),
            new HostsEntry("240.0.0.2", "httpbin.bar.global"),
        ]);

    public static readonly MeshDnsBlock Other = new(
        "mesh.example",
        [new HostsEntry("240.1.0.1", "db.data.mesh.example")]);

    public static MeshDnsBlock With(params HostsEntry[] entries) => new("global", entries.ToImmutableArray());
}
