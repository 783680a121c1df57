using MeshInfra.Cli.Stack;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>The dev and prod stacks loaded through the CLI's own reader, for tests that compare output with the plan.</summary>
internal static class RepoStacks
{
    public static LoadedStack Dev => StackLoader.Load(Repo.DevStack);

    public static LoadedStack Prod => StackLoader.Load(Repo.ProdStack);
}
