namespace MeshInfra.Model.Config;

/// <summary>
/// Whether a mesh domain sits under a name the DNS keeps out of the public root, so the mesh's zone
/// can never hide or be confused with real internet names: <c>internal</c> (reserved by ICANN for
/// private use, 2024), the special-use names of RFC 6761 (<c>test</c>, <c>example</c>, <c>invalid</c>,
/// <c>localhost</c>), <c>alt</c> (RFC 9476) and <c>home.arpa</c> (RFC 8375). Any other top-level domain
/// is, or may become, delegated on the internet (<c>global</c>, the default, is).
/// </summary>
public static class PrivateDomains
{
    private static readonly string[] Reserved = ["internal", "test", "example", "invalid", "localhost", "alt", "home.arpa"];

    public static bool IsPrivate(string domain) =>
        Reserved.Any(r => domain == r || domain.EndsWith("." + r, StringComparison.Ordinal));

    public static string PublicWarning(string domain)
    {
        var top = domain[(domain.LastIndexOf('.') + 1)..];
        return $"'{domain}' is under the top-level domain '{top}', which is not reserved for private use (it is, or may become, a public domain): the mesh's zone hides every real name under '{domain}' from the clusters' pods, and a resolver other than the clusters' CoreDNS may answer a mesh name from the internet; use a name under 'internal', which ICANN reserved for private use, such as 'mesh.internal'";
    }
}
