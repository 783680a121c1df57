using MeshInfra.Envtest;
using MeshInfra.Live.Tests.Support;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>Every envtest test of this project shares one pair of API servers, with the dev stack deployed on them.</summary>
[CollectionDefinition(EnvtestClusters.Collection)]
public sealed class EnvtestCollection : ICollectionFixture<MeshClusters>;
