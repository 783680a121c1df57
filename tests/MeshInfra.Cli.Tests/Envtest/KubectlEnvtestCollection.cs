using MeshInfra.Envtest;

namespace MeshInfra.Cli.Tests.Envtest;

/// <summary>The kubectl layout's tests share two real API servers (the envtest harness), started once.</summary>
[CollectionDefinition(EnvtestClusters.Collection)]
public sealed class KubectlEnvtestCollection : ICollectionFixture<EnvtestClusters>;
