namespace MeshInfra.Model.Traffic;

/// <summary>
/// The mTLS mode a sidecar's inbound listener enforces on one port, and the PeerAuthentication that set it
/// (null when none did and Istio's default, PERMISSIVE, applies).
/// </summary>
public sealed record PeerMtls(string Mode, ObjectRef? DecidedBy)
{
    public const string Strict = "STRICT";
    public const string Permissive = "PERMISSIVE";
    public const string Disable = "DISABLE";

    public bool RefusesPlaintext => Mode == Strict;
}
