using MeshInfra.Cli.Rendering;
using MeshInfra.Model.Planning;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>Renders a stack in the kubectl layout with every deploy-time value given, and reads the result back.</summary>
internal static class KubectlRender
{
    /// <summary>A --set for every settable deferred value of the plan: documentation addresses, NodePorts in range.</summary>
    public static string[] AllSets(MeshPlan plan) =>
        plan.DeferredValues.Where(DeferredValueResolver.IsSettable).Select(v => v.Key).Distinct().Order(StringComparer.Ordinal)
            .Select((key, i) => plan.DeferredValues.First(v => v.Key == key).IsInteger ? $"{key}={30100 + i}" : $"{key}=203.0.113.{10 + i}")
            .SelectMany(s => new[] { "--set", s })
            .ToArray();

    public static CliResult Ok(string stack, MeshPlan plan, string outDir) =>
        CliRunner.Ok(["render", stack, "--out", outDir, "--layout", "kubectl", .. AllSets(plan)]);

    /// <summary>Every YAML document of every file in a cluster's manifests folder, in file-name order.</summary>
    public static IEnumerable<(string File, YamlNode Document)> Documents(string clusterFolder)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(clusterFolder, KubectlRenderer.Manifests)).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var document in stream.Documents)
            {
                yield return (file, document.RootNode);
            }
        }
    }

    /// <summary>The lines of a script that run something (not comments, not blank).</summary>
    public static IReadOnlyList<string> Commands(string script) =>
        File.ReadAllLines(script).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}
