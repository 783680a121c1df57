namespace MeshInfra.Cli.Rendering;

/// <summary>The real file system.</summary>
public sealed class RenderDisk : IRenderDisk
{
    public static RenderDisk Instance { get; } = new();

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void WriteFile(string path, byte[] bytes) => File.WriteAllBytes(path, bytes);

    public void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    public void DeleteFolder(string path) => Directory.Delete(path, recursive: true);

    public void DeleteFile(string path) => File.Delete(path);

    public FileStream OpenLock(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
}
