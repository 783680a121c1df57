using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MeshInfra.Cli.Stack;
using MeshInfra.Live;
using MeshInfra.Model.Doctor;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// <c>meshinfra doctor</c>: reads every cluster of the stack (read-only, in parallel, each through
/// its own context) and checks the intended mesh against what the clusters hold. Exit 0 when every
/// check holds, 2 when anything is found, an unreachable cluster included.
/// </summary>
public static class DoctorCommand
{
    public const string Table = "table";
    public const string Json = "json";

    /// <summary>The connector for a run; tests give one with their own environment.</summary>
    internal static Func<string?, ClusterConnector> Connector { get; set; } = ClusterConnector.FromEnvironment;

    public static int Run(string path, string? kubeconfig, IReadOnlyList<string> contexts, int timeoutSeconds, int expiryDays, string format, TextWriter stdout)
    {
        var stack = StackLoader.Load(path);
        var overrides = ContextOverrides(stack, contexts);
        var targets = stack.Spec.Clusters
            .Select(c => new ClusterTarget(c.Name, overrides.GetValueOrDefault(c.Name, c.Context), c.Kubeconfig) { SecretKubeconfigKey = c.SecretKubeconfig?.ConfigKey })
            .ToList();
        var connector = Connector(kubeconfig);
        var options = new LiveReadOptions(TimeSpan.FromSeconds(timeoutSeconds));
        var live = LiveReader.ReadAsync(targets, connector.Connect, options).GetAwaiter().GetResult();
        var report = MeshDoctor.Examine(
            stack.Plan,
            value => value.Placeholder,
            live,
            new DoctorOptions(DateTimeOffset.UtcNow) { ExpiryWindow = TimeSpan.FromDays(expiryDays) });
        if (format == Json)
        {
            WriteJson(report, live, stdout);
        }
        else
        {
            WriteTable(path, report, live, stdout);
        }

        return report.Healthy ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    /// <summary>The --context CLUSTER=CONTEXT arguments, each checked against the stack's clusters.</summary>
    /// <exception cref="InputException">Any is malformed, names no cluster of the stack, or repeats one.</exception>
    internal static IReadOnlyDictionary<string, string> ContextOverrides(LoadedStack stack, IReadOnlyList<string> arguments)
    {
        var clusters = stack.Spec.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var cluster = equals > 0 ? argument[..equals].Trim() : "";
            var context = equals > 0 ? argument[(equals + 1)..].Trim() : "";
            if (cluster.Length == 0 || context.Length == 0 || context.Length > 253 || context.Any(char.IsControl))
            {
                errors.Add($"--context '{Clip(argument)}': expected CLUSTER=CONTEXT, e.g. --context cluster1=kind-cluster1");
            }
            else if (!clusters.Contains(cluster))
            {
                errors.Add($"--context {Clip(cluster)}: the stack has no cluster of that name; clusters: {string.Join(", ", clusters.Order(StringComparer.Ordinal))}");
            }
            else if (!overrides.TryAdd(cluster, context))
            {
                errors.Add($"--context {cluster}: given more than once");
            }
        }

        return errors.Count == 0 ? overrides : throw new InputException(errors);
    }

    private static string Clip(string text) => text.Length <= 80 ? text.ReplaceLineEndings(" ") : text[..80].ReplaceLineEndings(" ") + "...";

    private static void WriteTable(string path, DoctorReport report, ImmutableArray<LiveCluster> live, TextWriter stdout)
    {
        foreach (var cluster in live)
        {
            stdout.WriteLine(cluster.Reachable
                ? $"read {cluster.Name} (context {cluster.Context}, Kubernetes {cluster.ServerVersion}): {cluster.Objects.Length.ToString("N0", CultureInfo.InvariantCulture)} objects"
                : $"read {cluster.Name} (context {cluster.Context}): unreachable");
        }

        foreach (var finding in report.Findings)
        {
            stdout.WriteLine();
            stdout.WriteLine($"{finding.Cluster}  {KindName(finding.Kind)}  {finding.Object}");
            stdout.WriteLine($"  {finding.Message}");
            stdout.WriteLine($"  rule: {finding.Rule}");
            stdout.WriteLine($"  fix:  {finding.Fix}");
        }

        stdout.WriteLine();
        if (!report.Checked.Counts.IsEmpty)
        {
            stdout.WriteLine("checked: " + string.Join(", ", report.Checked.Counts.Select(c => $"{c.Key} {c.Value.ToString(CultureInfo.InvariantCulture)}")));
        }

        foreach (var skipped in report.Checked.NotChecked)
        {
            stdout.WriteLine($"not checked: {skipped}");
        }

        var count = report.Findings.Length;
        stdout.WriteLine($"{path}: {live.Count(c => c.Reachable)} of {live.Length} clusters read, {count} {(count == 1 ? "finding" : "findings")}");
    }

    private static void WriteJson(DoctorReport report, ImmutableArray<LiveCluster> live, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                json.WriteStartObject();
                json.WriteString("cluster", finding.Cluster);
                json.WriteString("kind", KindName(finding.Kind));
                json.WriteString("object", finding.Object);
                json.WriteString("message", finding.Message);
                json.WriteString("rule", finding.Rule);
                json.WriteString("fix", finding.Fix);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("checked");
            json.WriteStartArray("clusters");
            foreach (var cluster in live)
            {
                json.WriteStartObject();
                json.WriteString("name", cluster.Name);
                json.WriteString("context", cluster.Context);
                json.WriteBoolean("reachable", cluster.Reachable);
                if (cluster.ServerVersion is { } version)
                {
                    json.WriteString("serverVersion", version);
                }

                json.WriteNumber("objects", cluster.Objects.Length);
                json.WriteStartArray("unreadKinds");
                foreach (var kind in cluster.Unread.Keys)
                {
                    json.WriteStringValue(kind);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("counts");
            foreach (var (check, n) in report.Checked.Counts)
            {
                json.WriteNumber(check, n);
            }

            json.WriteEndObject();
            json.WriteStartArray("notChecked");
            foreach (var skipped in report.Checked.NotChecked)
            {
                json.WriteStringValue(skipped);
            }

            json.WriteEndArray();

            // The same skips as structured data: per cluster, which check left out what, for want of which kind, and why.
            json.WriteStartArray("skipped");
            foreach (var skip in report.Checked.Skipped)
            {
                json.WriteStartObject();
                json.WriteString("cluster", skip.Cluster);
                json.WriteString("check", skip.Check);
                json.WriteString("what", skip.What);
                json.WriteString("kind", skip.Kind);
                json.WriteString("reason", skip.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The kind as written in --format json and the table: drift, shadowed, precondition, traffic, unreachable, expiry.</summary>
    public static string KindName(FindingKind kind) => kind.ToString().ToLowerInvariant();
}
