namespace MeshInfra.Model.Config;

/// <summary>
/// The control plane a run upgrades from (<c>istio.upgradeFrom</c>). While it is set, the clusters'
/// Istio releases are upgraded one cluster at a time; when its revision differs from the stack's,
/// that old control plane also stays installed beside the new one (a canary upgrade) until a later
/// run hands over (<see cref="Handover"/>) and a run after that removes the key.
/// </summary>
/// <param name="Version">The running control plane's Istio version.</param>
/// <param name="Revision">Its revision; null for the plain <c>istiod</c>.</param>
/// <param name="Handover">
/// The run that removes the old control plane of a canary: base's default revision and the
/// <c>default</c> revision tag move to the new revision, the old injector is made to match nothing
/// first, and the old istiod is uninstalled. Knowing the old control plane in that run is what lets
/// the plan deactivate its injector before the tag moves.
/// </param>
public sealed record UpgradeFrom(string Version, string? Revision, bool Handover = false);
