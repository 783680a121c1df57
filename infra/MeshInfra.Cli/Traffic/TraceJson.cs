using System.Text.Json;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Cli.Traffic;

/// <summary>
/// How trace and verify write a traced request's outcome for tools: the pods reached and each failing
/// hop with its kind (a stable name: what a script checks), its hop, its share, the deciding object,
/// and the reason in words (free to change between releases).
/// </summary>
public static class TraceJson
{
    public static void WriteReaches(Utf8JsonWriter json, TraceResult result)
    {
        json.WriteStartArray("reaches");
        foreach (var (cluster, version, share) in result.Shares)
        {
            json.WriteStartObject();
            json.WriteString("cluster", cluster);
            json.WriteString("version", version);
            json.WriteNumber("share", Math.Round(share, 6));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void WriteFailures(Utf8JsonWriter json, TraceResult result)
    {
        json.WriteStartArray("failures");
        foreach (var failure in result.Failures.DistinctBy(f => f.ToString()))
        {
            json.WriteStartObject();
            json.WriteString("kind", failure.Kind.ToString());
            json.WriteString("step", failure.Step);
            json.WriteNumber("share", Math.Round(failure.Share, 6));
            json.WriteString("at", failure.At?.ToString());
            json.WriteString("reason", failure.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary><c>trace --format json</c>: the request, every hop, the pods reached, the failures and the assumptions made.</summary>
    public static void Write(TraceResult result, IEnumerable<string> assumptions, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var request = result.Request;
            json.WriteStartObject();
            json.WriteString("from", request.External ? $"external via {request.Cluster}" : $"{request.Cluster}/{request.Namespace}/{request.Workload}");
            json.WriteString("host", request.Host);
            json.WriteNumber("port", request.Port);
            json.WriteString("path", request.Path);
            json.WriteStartObject("headers");
            foreach (var (key, value) in request.Headers)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteBoolean("succeeded", result.Succeeded);
            json.WriteStartArray("hops");
            foreach (var hop in result.Hops)
            {
                json.WriteStartObject();
                json.WriteNumber("depth", hop.Depth);
                json.WriteString("step", hop.Step);
                json.WriteString("detail", hop.Detail);
                json.WriteString("decidedBy", hop.DecidedBy?.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteReaches(json, result);
            WriteFailures(json, result);

            // --down: the share lost after the gateway goes down and before outlier detection ejects it (the retries hop says why).
            json.WriteNumber("failingBeforeEjection", Math.Round(result.FailingBeforeEjection, 6));
            json.WriteStartArray("assumptions");
            foreach (var assumption in assumptions)
            {
                json.WriteStringValue(assumption);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
