namespace MeshInfra.Model.Traffic;

/// <summary>What a server's sidecar decides for one request: allowed or 403 (and which kind of refusal), why, and the policy that decided.</summary>
public sealed record AuthzVerdict(bool Allowed, string Text, ObjectRef? DecidedBy, FailureKind Kind = FailureKind.AuthorizationNotAllowed);
