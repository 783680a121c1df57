using System.Collections.Immutable;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Traffic;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// <c>meshinfra trace</c>: one request through the offline model of Istio's routing, hop by hop, with
/// the object that decided each hop. Exit 0 when the request reaches pods, 2 when a hop fails.
/// </summary>
public static class TraceCommand
{
    public static int Run(string path, string from, string to, IReadOnlyList<string> headers, IReadOnlyList<string> sets, string? objects, TextWriter stdout, IReadOnlyList<string>? clientLocalities = null)
    {
        var stack = StackLoader.Load(path);
        var values = RenderedValues.Resolve(stack.Plan, sets, objects);
        var request = Request(from, to, headers);
        var (traffic, model) = TrafficInput.Load(stack, values, objects, clientLocalities);
        var result = model.Trace(request);
        TraceText.Write(result, stdout);
        var used = result.Arrivals.Where(a => a.Workload.Assumed).Select(a => a.Workload.Cluster).ToHashSet(StringComparer.Ordinal);
        foreach (var assumption in traffic.Assumptions.Where(a => !a.Contains(':', StringComparison.Ordinal) || used.Any(c => a.StartsWith(c + ":", StringComparison.Ordinal))))
        {
            stdout.WriteLine($"  assumes    {assumption}");
        }

        return result.Succeeded ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static TraceRequest Request(string from, string to, IReadOnlyList<string> headers)
    {
        var errors = new List<string>();
        var parts = from.Split('/');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            errors.Add($"--from '{from}': expected <cluster>/<namespace>/<workload>, e.g. cluster1/foo/sleep");
        }

        var colon = to.LastIndexOf(':');
        var port = 0;
        if (colon <= 0 || !int.TryParse(to[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            errors.Add($"--to '{to}': expected <host>:<port>, e.g. httpbin.bar.global:8000");
        }

        var given = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            var equals = header.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"--header '{header}': expected NAME=VALUE, e.g. --header end-user=jason");
                continue;
            }

            given[header[..equals].Trim().ToLowerInvariant()] = header[(equals + 1)..];
        }

        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }

        return new TraceRequest(parts[0], parts[1], parts[2], to[..colon], port, given.ToImmutable());
    }
}
