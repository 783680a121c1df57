using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>A VirtualService as the traffic model reads it (HTTP routes only: MeshInfra writes no other kind).</summary>
public sealed record VirtualServiceView(ImmutableArray<string> Hosts, string Namespace, ImmutableArray<HttpRouteView> Http, ObjectRef Source);
