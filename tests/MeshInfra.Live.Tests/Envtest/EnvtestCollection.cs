using MeshInfra.Envtest;

namespace MeshInfra.Live.Tests.Envtest;

/// <summary>Every envtest test of this project shares one pair of API servers.</summary>
[CollectionDefinition(EnvtestClusters.Collection)]
public sealed class EnvtestCollection : ICollectionFixture<EnvtestClusters>;
