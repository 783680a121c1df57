using System.Text;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// File names of a render: <c>NNN-&lt;kind&gt;-&lt;namespace&gt;-&lt;name&gt;.yaml</c>, where NNN is the resource's
/// step in the mesh-wide apply order (the numbers <c>meshinfra plan</c> prints), so the files of all
/// folders sort into one order that respects every dependency.
/// </summary>
public static class FileNames
{
    public static string Number(int step, int total) =>
        step.ToString(new string('0', Math.Max(3, total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)), System.Globalization.CultureInfo.InvariantCulture);

    public static string Of(string number, params string?[] parts) =>
        number + "-" + string.Join('-', parts.Where(p => !string.IsNullOrEmpty(p)).Select(Slug!));

    /// <summary>Lowercase letters, digits, '.', '-' and '_' only, so names are safe on every file system.</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        }

        return slug.ToString();
    }
}
