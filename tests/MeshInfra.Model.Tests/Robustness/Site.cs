using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// One place in a config tree that holds a value: a member of an object, an item of an array, or the
/// root. A site reads and replaces its value in place, null included (a null value has no node).
/// </summary>
internal sealed record Site(MutableConfig Config, JsonNode? Container, string? Key, int Index, string Path)
{
    public JsonNode? Value => Container switch
    {
        JsonObject obj => obj[Key!],
        JsonArray array => array[Index],
        _ => Config.Root,
    };

    public void Set(JsonNode? value)
    {
        switch (Container)
        {
            case JsonObject obj:
                obj[Key!] = value;
                break;
            case JsonArray array:
                array[Index] = value;
                break;
            default:
                Config.Root = value;
                break;
        }
    }

    /// <summary>A real config is a few levels deep; below this, nested junk from an earlier mutation is one opaque value.</summary>
    private const int MaxDepth = 12;

    /// <summary>Every site of the tree down to <see cref="MaxDepth"/>, parents before children, in document order.</summary>
    public static List<Site> All(MutableConfig config)
    {
        var sites = new List<Site>();
        void Visit(Site site, int depth)
        {
            sites.Add(site);
            switch (depth < MaxDepth ? site.Value : null)
            {
                case JsonObject obj:
                    foreach (var (key, _) in obj.ToList())
                    {
                        Visit(new Site(config, obj, key, -1, $"{site.Path}.{key}"), depth + 1);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Visit(new Site(config, array, null, i, $"{site.Path}[{i}]"), depth + 1);
                    }

                    break;
            }
        }

        Visit(new Site(config, null, null, -1, "mesh"), 0);
        return sites;
    }
}
