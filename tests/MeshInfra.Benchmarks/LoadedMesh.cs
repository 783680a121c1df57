using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;

namespace MeshInfra.Benchmarks;

/// <summary>A synthetic mesh as the CLI sees it: its stack file, loaded and planned, and its render.</summary>
internal sealed record LoadedMesh(SyntheticMesh Mesh, string StackPath, LoadedStack Stack, IReadOnlyList<RenderedFile> Files)
{
    public static LoadedMesh Load(SyntheticMesh mesh, string directory)
    {
        var path = StackFiles.Write(mesh, directory);
        var stack = StackLoader.Load(path);
        return new LoadedMesh(mesh, path, stack, MeshRenderer.Render(stack, DeferredValueResolver.FromSetArguments(stack.Plan, [])));
    }
}
