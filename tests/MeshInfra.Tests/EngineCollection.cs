namespace MeshInfra.Tests;

/// <summary>
/// Pulumi's engine state and PULUMI_CONFIG are process-wide, so every engine test runs in this
/// one collection, one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineCollection
{
    public const string Name = "Pulumi engine";
}
