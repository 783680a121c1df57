namespace MeshInfra.Model.Traffic;

/// <summary>What the RBAC filter sees of a request: the peer's URI SAN (null: plaintext), path, method, destination port.</summary>
public sealed record AuthzRequest(string? Peer, string Path, string Method, string Port)
{
    public override string ToString() => $"{Method} {Path} on port {Port} from " + (Peer ?? "a peer without mTLS (no identity)");
}
