using System.Text.Json;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;
using Xunit.Abstractions;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// The parser against thousands of broken configs: it never throws, and it either accepts a config
/// (which then plans) or rejects it with errors that each name a key under <c>mesh</c> in one clean line.
/// </summary>
public sealed class ParserRobustnessTests(ITestOutputHelper output)
{
    private const int CaseCount = 2000;

    [Fact]
    public void EveryGeneratedConfigIsEitherPlannedOrRejectedWithKeyedOneLineErrors()
    {
        var (valid, invalid) = (0, 0);
        var failures = new List<string>();
        foreach (var badCase in BadConfigs.Cases(CaseCount))
        {
            try
            {
                var (spec, errors) = MeshConfigParser.TryParse(badCase.Element());
                if (errors.Count == 0)
                {
                    valid++;
                    MeshPlanner.Plan(spec!);
                    var bad = AcceptedLabels.Of(spec!).Where(n => !AcceptedLabels.IsDns1123Label(n.Name)).Select(n => $"accepted {n.What} {JsonSerializer.Serialize(n.Name)}").ToList();
                    if (bad.Count > 0)
                    {
                        failures.Add($"{badCase}\n  {string.Join("\n  ", bad.Take(3))}");
                    }

                    continue;
                }

                invalid++;
                var problems = errors.SelectMany(e => ErrorShape.Problems(e).Select(p => $"{p}: {Clip(e.ToString())}")).ToList();
                if (problems.Count > 0)
                {
                    failures.Add($"{badCase}\n  {string.Join("\n  ", problems.Take(3))}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{badCase}\n  threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }

        output.WriteLine($"{CaseCount} generated configs: {invalid} rejected, {valid} accepted and planned, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {CaseCount} cases failed; the first:\n{string.Join("\n\n", failures.Take(3))}");
        // Most mutations must break the config, or the generator tests nothing; some keep it valid,
        // which checks that harmless changes (a quoted number, a repeated rule) still plan.
        Assert.InRange(invalid, CaseCount * 3 / 4, CaseCount - 1);
    }

    [Fact]
    public void TheGeneratorDrawsTheSameCasesEveryTime()
    {
        var first = BadConfigs.Cases(200).Select(c => c.ToString()).ToList();
        var again = Enumerable.Range(0, 200).Reverse().Select(n => BadConfigs.Case(n).ToString()).Reverse().ToList();

        Assert.Equal(first, again);
        Assert.Equal(200, first.Distinct().Count());
    }

    [Fact]
    public void ErrorShapeCatchesWhatItIsFor()
    {
        Assert.Empty(ErrorShape.Problems(new ConfigError("mesh.clusters[0].name", "is required")));
        Assert.NotEmpty(ErrorShape.Problems(new ConfigError("clusters[0].name", "is required")));
        Assert.NotEmpty(ErrorShape.Problems(new ConfigError("mesh.meshId", " ")));
        Assert.NotEmpty(ErrorShape.Problems(new ConfigError("mesh.mtls", "'a\nb' is not one of 'PERMISSIVE', 'STRICT'")));
        Assert.NotEmpty(ErrorShape.Problems(new ConfigError("mesh[\"\u001b[31m\"]", "unknown key")));
        Assert.NotEmpty(ErrorShape.Problems(new ConfigError("mesh.meshId", "a\u2028b")));
        Assert.NotEmpty(ErrorShape.Problems(new ConfigError("mesh.meshId", new string('a', ErrorShape.MaxLength))));
    }

    [Fact]
    public void TheLabelOracleRejectsWhatTheParserMustNot()
    {
        Assert.True(AcceptedLabels.IsDns1123Label("cluster-1"));
        Assert.All(["", "Cluster1", "cluster1\n", "-a", "a-", "a.b", "a_b", new string('a', 64), "\u0430"], name => Assert.False(AcceptedLabels.IsDns1123Label(name)));
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
