using MeshInfra.Cli.Rendering;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// The real disk, except that just before the render's lock is opened it plants a symbolic link at
/// one of the render's own names: another process racing the render between a link check and the lock.
/// </summary>
internal sealed class LinkPlantingDisk(string linkName, string target) : IRenderDisk
{
    public void CreateDirectory(string path) => RenderDisk.Instance.CreateDirectory(path);

    public void WriteFile(string path, byte[] bytes) => RenderDisk.Instance.WriteFile(path, bytes);

    public void Move(string from, string to) => RenderDisk.Instance.Move(from, to);

    public void DeleteFolder(string path) => RenderDisk.Instance.DeleteFolder(path);

    public void DeleteFile(string path) => RenderDisk.Instance.DeleteFile(path);

    public FileStream OpenLock(string path)
    {
        var link = Path.Combine(Path.GetDirectoryName(path)!, linkName);
        // The name may hold the previous render's file (its manifest): the racer replaces it.
        File.Delete(link);
        if (Directory.Exists(target))
        {
            Directory.CreateSymbolicLink(link, target);
        }
        else
        {
            File.CreateSymbolicLink(link, target);
        }

        return RenderDisk.Instance.OpenLock(path);
    }
}
