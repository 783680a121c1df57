using MeshInfra.Model.Config;

namespace MeshInfra.Cli.Summary;

/// <summary>One-line wording of route rules, shared by the plan summary and the graph.</summary>
public static class RouteText
{
    /// <summary><c>end-user exact "jason"</c>, or <c>otherwise</c> for a rule without a match.</summary>
    public static string Match(HttpRouteRule rule) =>
        rule.Headers.IsEmpty ? "otherwise" : string.Join(" and ", rule.Headers.Select(h => $"{h.Header} {h.Kind} \"{h.Value}\""));

    /// <summary><c>v2 50%, v3 50%</c>, or just <c>v1</c> when one version takes everything.</summary>
    public static string Targets(HttpRouteRule rule) =>
        rule.Targets.Length == 1 ? rule.Targets[0].Version : string.Join(", ", rule.Targets.Select(t => $"{t.Version} {t.Weight}%"));

    public static string Rule(HttpRouteRule rule) => $"{Match(rule)} → {Targets(rule)}";
}
