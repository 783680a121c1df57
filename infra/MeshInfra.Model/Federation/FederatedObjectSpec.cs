using System.Collections.Immutable;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Federation;

/// <summary>
/// One Istio config object declared once for the whole mesh and copied to every cluster its
/// placement selects, with per-cluster field overrides. <see cref="Key"/> is its config path
/// (<c>mesh.federated[0]</c>), so every error about a copy names the entry it came from.
/// </summary>
public sealed record FederatedObjectSpec(
    string Key,
    string ApiVersion,
    string Kind,
    string Name,
    string Namespace,
    FederationPlacement Placement,
    ImmutableSortedDictionary<string, string> Labels,
    MapNode Spec,
    ImmutableSortedDictionary<string, ImmutableArray<FieldOverride>> Overrides)
{
    /// <summary>The kinds a stack may federate, with the apiVersion MeshInfra writes them in.</summary>
    public static readonly ImmutableSortedDictionary<string, string> Kinds = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        KeyValuePair.Create("AuthorizationPolicy", "security.istio.io/v1"),
        KeyValuePair.Create("DestinationRule", "networking.istio.io/v1"),
        KeyValuePair.Create("Gateway", "networking.istio.io/v1"),
        KeyValuePair.Create("PeerAuthentication", "security.istio.io/v1"),
        KeyValuePair.Create("ServiceEntry", "networking.istio.io/v1"),
        KeyValuePair.Create("Sidecar", "networking.istio.io/v1"),
        KeyValuePair.Create("VirtualService", "networking.istio.io/v1"),
    ]);
}
