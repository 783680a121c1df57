using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>Rewrites a stack file with the keys of every mapping, at every level, in a random (seeded) order; lists keep theirs.</summary>
internal static class KeyShuffler
{
    public static string Shuffle(string yaml, SplitMix random)
    {
        var root = Load(yaml);
        Visit(root, random);
        return TestStacks.Save(root);
    }

    /// <summary>The same file written back unshuffled, to tell a reordering from the emitter's own formatting.</summary>
    public static string Rewrite(string yaml) => TestStacks.Save(Load(yaml));

    private static YamlNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    private static void Visit(YamlNode node, SplitMix random)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var entries = map.Children.ToList();
                for (var i = entries.Count - 1; i > 0; i--)
                {
                    var j = random.Next(i + 1);
                    (entries[i], entries[j]) = (entries[j], entries[i]);
                }

                map.Children.Clear();
                foreach (var (key, value) in entries)
                {
                    map.Children.Add(key, value);
                    Visit(value, random);
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    Visit(item, random);
                }

                break;
        }
    }
}
