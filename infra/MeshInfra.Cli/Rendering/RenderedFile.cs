namespace MeshInfra.Cli.Rendering;

/// <summary>One file of a render: the folder (a cluster name, or <c>mesh</c> for the shared trust), its name and its text.</summary>
public sealed record RenderedFile(string Folder, string Name, string Content)
{
    public string RelativePath => Folder + "/" + Name;
}
