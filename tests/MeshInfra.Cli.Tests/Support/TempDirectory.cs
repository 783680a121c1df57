namespace MeshInfra.Cli.Tests.Support;

/// <summary>A fresh directory for one test, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("meshinfra-cli-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// The one rendered file in <paramref name="folder"/> named "NN-<paramref name="name"/>": tests name
    /// what they read, not its layer number, which moves whenever the dependencies legitimately change.
    /// </summary>
    public string Rendered(string folder, string name) =>
        Directory.GetFiles(Combine(folder), "*-" + name).Single(f => System.IO.Path.GetFileName(f)[2] == '-' && System.IO.Path.GetFileName(f)[3..] == name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it would hide the real result.
        }
    }
}
