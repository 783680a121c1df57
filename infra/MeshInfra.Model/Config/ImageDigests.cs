namespace MeshInfra.Model.Config;

/// <summary>
/// <c>istio.imageDigests</c>: the content digests Istio's images are pulled by, so a tag moved on the
/// registry cannot hand the clusters another image. Each is <c>sha256:</c> and 64 lowercase hex digits,
/// the digest of the image as published (the multi-architecture index).
/// </summary>
/// <param name="Pilot">istiod's image (<c>&lt;hub&gt;/pilot</c>), or null to pull it by tag.</param>
/// <param name="Proxy">The proxy image (<c>&lt;hub&gt;/proxyv2</c>): every sidecar, both gateways, and the init container; or null.</param>
public sealed record ImageDigests(string? Pilot, string? Proxy)
{
    public static readonly ImageDigests None = new(null, null);

    /// <summary>An image of the stack's hub and version, pinned: the tag stays for readers (and doctor's version check), the digest decides.</summary>
    public static string Reference(string hub, string image, string version, string digest) => $"{hub}/{image}:{version}@{digest}";
}
