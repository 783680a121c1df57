namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The writes a render makes, behind one seam so tests can make any of them fail midway (tests run as
/// root, where a read-only folder does not stop a write). Reads go straight to System.IO.
/// </summary>
public interface IRenderDisk
{
    void CreateDirectory(string path);

    void WriteFile(string path, byte[] bytes);

    /// <summary>Renames a file or a folder; both paths are in the same output directory, so this is atomic.</summary>
    void Move(string from, string to);

    void DeleteFolder(string path);

    void DeleteFile(string path);

    /// <summary>
    /// Opens (creating it if need be) the render's lock file for exclusive use, deleted when closed;
    /// throws <see cref="IOException"/> while another render holds it.
    /// </summary>
    FileStream OpenLock(string path);
}
