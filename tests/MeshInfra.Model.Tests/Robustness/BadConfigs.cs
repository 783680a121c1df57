using System.Text.Json.Nodes;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// The bad-config generator: each case is a valid config (the repository's dev and prod stacks, and the
/// model tests' seed and three-cluster configs) with one to four mutations applied. Case N is drawn from
/// its own fixed seed, so every run checks the same cases and any one of them rebuilds from its number.
/// </summary>
internal static class BadConfigs
{
    public const ulong Seed = 20261121;

    public static IReadOnlyList<(string Name, string Json)> Bases { get; } =
    [
        ("Pulumi.dev.yaml", RepoStackConfigs.Dev),
        ("Pulumi.prod.yaml", RepoStackConfigs.Prod),
        ("Configs.Seed", Configs.Seed),
        ("Configs.ThreeClusters", Configs.ThreeClusters),
    ];

    public static IEnumerable<BadConfigCase> Cases(int count) => Enumerable.Range(0, count).Select(Case);

    public static BadConfigCase Case(int number)
    {
        var random = new SplitMix(Seed ^ ((ulong)number * 0x9E3779B97F4A7C15UL));
        var (name, json) = random.Pick(Bases);
        var config = new MutableConfig(JsonNode.Parse(json));
        var mutator = new ConfigMutator(config, random);
        var count = random.Next(100) switch
        {
            < 60 => 1,
            < 85 => 2,
            < 95 => 3,
            _ => 4,
        };
        var mutations = Enumerable.Range(0, count).Select(_ => mutator.Mutate()).ToList();
        return new BadConfigCase(number, name, mutations, config.ToJson());
    }
}
