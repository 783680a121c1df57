using System.Text.Json;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;
using MeshInfra.Cli.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// <c>meshinfra verify</c>: the whole traffic matrix (every cluster's client to every exported host and
/// port, every route rule) through the offline model; exit 2 with the failing hops when any cell fails.
/// </summary>
public static class VerifyCommand
{
    public const string Table = "table";
    public const string Json = "json";

    public static int Run(string path, IReadOnlyList<string> sets, string? objects, string format, TextWriter stdout, IReadOnlyList<string>? clientLocalities = null, string? deployed = null, bool strict = false, IReadOnlyList<string>? down = null, IReadOnlyList<string>? resolves = null)
    {
        var stack = StackLoader.Load(path);
        var values = RenderedValues.Resolve(stack.Plan, sets, objects);
        var (traffic, model) = TrafficInput.Load(stack, values, objects, clientLocalities, down, resolves);
        if (deployed is not null)
        {
            return RolloutVerify.Run(path, deployed, stack, traffic, v => values.Resolve(v).Value.ToString()!, stdout);
        }
        var cases = MeshVerifier.Verify(stack.Spec, model);
        if (format == Json)
        {
            WriteJson(cases, traffic, stdout);
        }
        else
        {
            WriteTable(path, cases, traffic, model, stdout);
        }

        // Warnings (a cluster mixing a service's versions) hold as configured: exit 0 unless --strict asks otherwise.
        return cases.All(c => c.Passed) && !(strict && cases.Any(c => !c.Warnings.IsEmpty)) ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static void WriteTable(string path, IReadOnlyList<VerifyCase> cases, MeshTraffic traffic, TrafficModel model, TextWriter stdout)
    {
        var table = new TextTable("FROM", "TO", "CASE", "RESULT", "REACHES");
        foreach (var row in cases.Select(c => new[]
        {
            c.Request.External ? $"external ({c.Request.Cluster})" : c.Request.Cluster,
            $"{c.Request.Host}:{c.Request.Port}",
            c.Label + (c.Request.Path == "/" ? "" : " " + c.Request.Path) + (c.Request.Headers.IsEmpty ? "" : " " + string.Join(" ", c.Request.Headers.Select(h => $"{h.Key}={h.Value}"))),
            !c.Exercised ? "skipped" : c.Passed ? "ok" : "FAIL",
            c.Result.SharesText,
        }))
        {
            table.Add(row);
        }

        var text = new System.Text.StringBuilder();
        table.WriteTo(text, "");
        stdout.Write(text.ToString());
        foreach (var failed in cases.Where(c => !c.Passed))
        {
            stdout.WriteLine();
            foreach (var problem in failed.Problems)
            {
                stdout.WriteLine($"FAIL {failed.Request} ({problem.KindName}): {problem.Text}");
            }

            TraceText.Write(model.Trace(failed.Request), stdout);
        }

        var warnings = cases.SelectMany(c => c.Warnings).Distinct().ToList();
        if (warnings.Count > 0)
        {
            stdout.WriteLine();
        }

        foreach (var warning in warnings)
        {
            stdout.WriteLine($"WARN {warning.Kind}: {warning.Text}");
        }

        stdout.WriteLine();
        foreach (var assumption in traffic.Assumptions)
        {
            stdout.WriteLine($"assumes: {assumption}");
        }

        stdout.WriteLine($"assumes: a client pod with a sidecar in namespace {MeshTraffic.ProbeNamespace} of every cluster");
        var failedCount = cases.Count(c => !c.Passed);
        var skipped = cases.Count(c => !c.Exercised);
        stdout.WriteLine($"{path}: {Words.Count(cases.Count, "case")}" + (skipped == 0 ? "" : $" ({skipped} not exercised)") + (warnings.Count == 0 ? "" : $", {Words.Count(warnings.Count, "warning")}") + $", {failedCount} failed");
    }

    private static void WriteJson(IReadOnlyList<VerifyCase> cases, MeshTraffic traffic, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("cases", cases.Count);
            json.WriteNumber("failed", cases.Count(c => !c.Passed));
            json.WriteNumber("warnings", cases.SelectMany(c => c.Warnings).Distinct().Count());
            json.WriteStartArray("assumptions");
            foreach (var assumption in traffic.Assumptions)
            {
                json.WriteStringValue(assumption);
            }

            json.WriteEndArray();
            json.WriteStartArray("results");
            foreach (var c in cases)
            {
                json.WriteStartObject();
                json.WriteString("from", c.Request.External ? $"external via {c.Request.Cluster}" : $"{c.Request.Cluster}/{c.Request.Namespace}/{c.Request.Workload}");
                json.WriteString("host", c.Request.Host);
                json.WriteNumber("port", c.Request.Port);
                json.WriteString("path", c.Request.Path);
                json.WriteString("case", c.Case);
                json.WriteStartObject("headers");
                foreach (var (key, value) in c.Request.Headers)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                json.WriteBoolean("passed", c.Passed);
                json.WriteBoolean("exercised", c.Exercised);
                if (c.NotExercised is { } skipped)
                {
                    json.WritePropertyName("notExercised");
                    WriteProblem(json, skipped);
                }

                TraceJson.WriteReaches(json, c.Result);
                TraceJson.WriteFailures(json, c.Result);
                json.WriteStartArray("problems");
                foreach (var problem in c.Problems)
                {
                    WriteProblem(json, problem);
                }

                json.WriteEndArray();
                json.WriteStartArray("warnings");
                foreach (var warning in c.Warnings)
                {
                    WriteProblem(json, warning);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A problem, warning or skip as <c>{"kind", "failure", "reason"}</c>: the kinds are stable names, the reason is words.</summary>
    private static void WriteProblem(Utf8JsonWriter json, VerifyProblem problem)
    {
        json.WriteStartObject();
        json.WriteString("kind", problem.Kind.ToString());
        json.WriteString("failure", problem.Failure?.ToString());
        json.WriteString("reason", problem.Text);
        json.WriteEndObject();
    }
}
