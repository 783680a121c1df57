namespace MeshInfra.Model;

/// <summary>Quoting for the words a rendered script passes to kubectl and helm, and for every command MeshInfra prints for a person to copy.</summary>
public static class ShellWords
{
    /// <summary>
    /// The word as is when bash cannot misread it (the common case, so commands stay readable and can be
    /// copied), else single-quoted: contexts such as <c>arn:aws:eks:…:cluster/mesh-east</c> are safe,
    /// but a stack may hold spaces or <c>$</c> in a context or path.
    /// </summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsSafe))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '_' or '-';
}
