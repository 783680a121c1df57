using System.Text;

namespace MeshInfra.Cli.Graph;

/// <summary>
/// Readable node ids that every graph language accepts: a prefix, then the name with anything but
/// ASCII letters and digits turned into '_'. Names that collapse to the same id (<c>a-b.c</c> and
/// <c>a.b-c</c>) get a numeric suffix, given in order of first use so ids are stable.
/// </summary>
public sealed class NodeIds
{
    private readonly Dictionary<string, string> byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public string For(string prefix, string name)
    {
        var key = prefix + "\0" + name;
        if (byName.TryGetValue(key, out var id))
        {
            return id;
        }

        var stem = new StringBuilder(prefix).Append('_');
        foreach (var c in name)
        {
            stem.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        id = stem.ToString();
        for (var n = 2; !used.Add(id); n++)
        {
            id = $"{stem}_{n}";
        }

        byName[key] = id;
        return id;
    }
}
