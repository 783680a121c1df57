using System.Text;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// The bad-stack generator: each case is one of <see cref="TestStacks.All"/> with one to three mutations
/// of its YAML tree, a text or byte corruption of the written file, or both. Case N is drawn from its
/// own fixed seed, so every run checks the same files and any one of them rebuilds from its number.
/// </summary>
internal static class BadStacks
{
    public const ulong Seed = 20261122;

    public static IEnumerable<BadStack> Cases(int count) => Enumerable.Range(0, count).Select(Case);

    public static BadStack Case(int number)
    {
        var random = new SplitMix(Seed ^ ((ulong)number * 0x9E3779B97F4A7C15UL));
        var (name, text) = random.Pick(TestStacks.All);
        var mutations = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var plan = random.Next(100);
        if (plan < 85)
        {
            // The tree, written back: comments are gone, styles chosen by the emitter where the mutation left them open.
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var mutator = new YamlMutator(root, random);
            var count = random.Next(100) switch
            {
                < 65 => 1,
                < 90 => 2,
                _ => 3,
            };
            for (var i = 0; i < count; i++)
            {
                mutations.Add(mutator.Mutate());
            }

            bytes = Encoding.UTF8.GetBytes(TestStacks.Save(root));
        }

        // 15% only the text corruption, on the file as written by hand; 25% both.
        if (plan >= 60)
        {
            var (corrupted, what) = TextCorruptor.Corrupt(bytes, random);
            bytes = corrupted;
            mutations.Add(what);
        }

        return new BadStack(number, name, mutations, bytes);
    }
}
