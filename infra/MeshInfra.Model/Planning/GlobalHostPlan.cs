using System.Collections.Immutable;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Config;

namespace MeshInfra.Model.Planning;

/// <summary>One row of the global address table: a host, its address, who serves it and who consumes it.</summary>
public sealed record GlobalHostPlan(string Host, Ipv4Address Address, ServiceSpec Service, ImmutableArray<string> ServingClusters, ImmutableArray<string> ConsumerClusters);
