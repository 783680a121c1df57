namespace MeshInfra.Model.Dns;

/// <summary>
/// One line of the mesh's <c>hosts</c> plugin: a stable IPv4 address (e.g. <c>240.0.0.3</c>) that a
/// mesh hostname (e.g. <c>httpbin.bar.global</c>) resolves to, so the sidecar can capture the traffic.
/// </summary>
public sealed record HostsEntry(string Address, string Hostname);
