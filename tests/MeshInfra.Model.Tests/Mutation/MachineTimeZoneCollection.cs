namespace MeshInfra.Model.Tests.Mutation;

/// <summary>Tests that change the process's local time zone: run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MachineTimeZoneCollection
{
    public const string Name = "machine time zone";
}
