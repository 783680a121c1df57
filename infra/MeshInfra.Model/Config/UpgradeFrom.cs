namespace MeshInfra.Model.Config;

/// <summary>
/// The control plane a run upgrades from (<c>istio.upgradeFrom</c>). While it is set, the clusters'
/// Istio releases are upgraded one cluster at a time; when its revision differs from the stack's,
/// that old control plane also stays installed beside the new one (a canary upgrade) until a later
/// run removes the key.
/// </summary>
public sealed record UpgradeFrom(string Version, string? Revision);
