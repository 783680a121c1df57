using System.Collections.Immutable;

namespace MeshInfra.Model.Config;

/// <summary>Version routing for one service, applied to the clients in <see cref="Clients"/>.</summary>
public sealed record RouteSpec(string Service, string Namespace, ImmutableArray<string> Clients, ImmutableArray<HttpRouteRule> Rules);
