using MeshInfra.Cli.Rendering;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// The real disk, except that the first write, move or delete <paramref name="fails"/> picks (then each <see cref="Then"/> in turn) throws
/// <paramref name="error"/>: a read-only folder, a full disk, or (an exception the render does not
/// catch) the process stopping right there. Tests run as root, where chmod stops nothing.
/// </summary>
internal sealed class FaultyDisk(Func<string, string, bool> fails, Func<Exception> error) : IRenderDisk
{
    private readonly List<Func<string, string, bool>> faults = [fails];

    public int Failures { get; private set; }

    /// <summary>After the first fault has fired, the next write, move or delete <paramref name="next"/> picks fails too.</summary>
    public FaultyDisk Then(Func<string, string, bool> next)
    {
        faults.Add(next);
        return this;
    }

    public void CreateDirectory(string path)
    {
        Check("mkdir", path);
        Directory.CreateDirectory(path);
    }

    public void WriteFile(string path, byte[] bytes)
    {
        Check("write", path);
        File.WriteAllBytes(path, bytes);
    }

    public void Move(string from, string to)
    {
        Check("move", to);
        RenderDisk.Instance.Move(from, to);
    }

    public void DeleteFolder(string path)
    {
        Check("delete", path);
        Directory.Delete(path, recursive: true);
    }

    public void DeleteFile(string path)
    {
        Check("delete", path);
        File.Delete(path);
    }

    public FileStream OpenLock(string path) => RenderDisk.Instance.OpenLock(path);

    private void Check(string operation, string path)
    {
        if (Failures < faults.Count && faults[Failures](operation, path))
        {
            Failures++;
            throw error();
        }
    }
}
