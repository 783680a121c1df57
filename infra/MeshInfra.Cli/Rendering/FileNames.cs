using System.Globalization;
using System.Text;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// File names of a render: <c>NN-&lt;kind&gt;-&lt;namespace&gt;-&lt;name&gt;.yaml</c>, where NN is the resource's
/// dependency layer (one more than the deepest layer it depends on). Files sort into an order that
/// respects every dependency, and a name changes only when that object's own dependencies do: adding
/// a service adds files and renames none, where a mesh-wide step number renamed most of them.
/// </summary>
public static class FileNames
{
    /// <param name="layer">The resource's layer, from 1.</param>
    /// <param name="depth">The plan's number of layers; two digits unless it has 100 or more.</param>
    public static string Number(int layer, int depth) =>
        layer.ToString(new string('0', Math.Max(2, depth.ToString(CultureInfo.InvariantCulture).Length)), CultureInfo.InvariantCulture);

    /// <summary>Each resource's dependency layer: 1 without dependencies, else one more than its deepest dependency.</summary>
    public static Dictionary<ResourceId, int> Layers(MeshPlan plan)
    {
        var before = plan.Edges.ToLookup(e => e.After, e => e.Before);
        var layers = new Dictionary<ResourceId, int>(plan.ApplyOrder.Length);
        // The apply order is topological, so every dependency's layer is known when it is needed.
        foreach (var id in plan.ApplyOrder)
        {
            layers[id] = 1 + before[id].Select(b => layers[b]).DefaultIfEmpty(0).Max();
        }

        return layers;
    }

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
