using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Stack;

/// <summary>A stack file whose mesh validated, and the plan made from it.</summary>
public sealed record LoadedStack(StackFile File, MeshSpec Spec, MeshPlan Plan);
