using System.Collections.Immutable;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Traffic;
using MeshInfra.Model.Config;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// <c>meshinfra trace</c>: one request through the offline model of Istio's routing, hop by hop, with
/// the object that decided each hop. Exit 0 when the request reaches pods, 2 when a hop fails.
/// <c>--from external --via CLUSTER</c> sends it from outside the mesh into that cluster's ingress gateway.
/// </summary>
public static class TraceCommand
{
    /// <summary>The <c>--from</c> value for a client outside the mesh.</summary>
    public const string External = "external";

    public const string Text = "text";
    public const string Json = "json";

    public static int Run(string path, string from, string to, IReadOnlyList<string> headers, IReadOnlyList<string> sets, string? objects, TextWriter stdout, IReadOnlyList<string>? clientLocalities = null, string? via = null, string? requestPath = null, string format = Text, IReadOnlyList<string>? down = null, IReadOnlyList<string>? resolves = null)
    {
        var stack = StackLoader.Load(path);
        var values = RenderedValues.Resolve(stack.Plan, sets, objects);
        var request = Request(from, to, headers, via, requestPath, stack.Spec.Clusters.Where(c => c.IngressGateway is not null).Select(c => c.Name).ToList(), stack.Spec.Clusters.Select(c => c.Name).ToList());
        var (traffic, model) = TrafficInput.Load(stack, values, objects, clientLocalities, down, resolves);
        var result = model.Trace(request);
        var assumptions = new List<string>();
        if (from != External && model.Clusters.TryGetValue(request.Cluster, out var cluster) && cluster.Workload(request.Namespace, request.Workload) is null)
        {
            var client = cluster.AssumedClient(request.Namespace, request.Workload);
            assumptions.Add($"{request.Cluster}/{request.Namespace}/{request.Workload} is a pod in namespace {request.Namespace} "
                + (client.HasSidecar
                    ? cluster.HasNamespace(request.Namespace) ? "with a sidecar (the namespace is injected)" : "with a sidecar (no object declares the namespace; its injection is assumed)"
                    : "without a sidecar (the namespace carries no injection label)"));
        }

        var used = result.Arrivals.Where(a => a.Workload.Assumed).Select(a => a.Workload.Cluster).ToHashSet(StringComparer.Ordinal);
        assumptions.AddRange(traffic.Assumptions.Where(a => !a.Contains(':', StringComparison.Ordinal) || used.Any(c => a.StartsWith(c + ":", StringComparison.Ordinal))));
        if (format == Json)
        {
            TraceJson.Write(result, assumptions, stdout);
        }
        else
        {
            TraceText.Write(result, stdout);
            foreach (var assumption in assumptions)
            {
                stdout.WriteLine($"  assumes    {assumption}");
            }
        }

        return result.Succeeded ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static TraceRequest Request(string from, string to, IReadOnlyList<string> headers, string? via, string? requestPath, IReadOnlyList<string> ingressClusters, IReadOnlyList<string> clusters)
    {
        var errors = new List<string>();
        var external = from == External;
        var parts = from.Split('/');
        // Any client pod may be named, so each part is checked as the Kubernetes name it stands for; every
        // way of getting the form wrong is the same one line, saying what is expected.
        if (!external && (parts.Length != 3 || !parts.All(IsDnsLabel)))
        {
            errors.Add($"--from '{ConfigKeyPath.Clip(from)}': expected <cluster>/<namespace>/<workload>, each a lowercase DNS label (letters, digits, '-'), e.g. cluster1/foo/sleep");
        }
        else if (!external && !clusters.Contains(parts[0]))
        {
            errors.Add($"--from '{from}': no cluster '{parts[0]}' in the stack (clusters: {string.Join(", ", clusters)})");
        }

        if (external && via is null)
        {
            errors.Add($"--from {External}: add --via <cluster>, the cluster whose ingress gateway the request enters (clusters with one: {Names(ingressClusters)})");
        }
        else if (!external && via is not null)
        {
            errors.Add($"--via '{via}': only with --from {External} (a pod's request reaches an ingress gateway by its address: --to <address>:<port>)");
        }
        else if (via is not null && !ingressClusters.Contains(via, StringComparer.Ordinal))
        {
            errors.Add($"--via '{via}': no cluster of the stack by that name runs an ingress gateway (ingressGateway: true); clusters with one: {Names(ingressClusters)}");
        }

        var path = requestPath ?? "/";
        if (!path.StartsWith('/') || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add($"--path '{path}': expected a path starting with /, without spaces, e.g. /status/200");
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

        return external
            ? TraceRequest.FromOutside(via!, to[..colon], port, path, given.ToImmutable())
            : new TraceRequest(parts[0], parts[1], parts[2], to[..colon], port, given.ToImmutable()) { Path = path };
    }

    private static bool IsDnsLabel(string part) =>
        part.Length is > 0 and <= 63 && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && part[0] != '-' && part[^1] != '-';

    private static string Names(IReadOnlyList<string> clusters) => clusters.Count == 0 ? "none" : string.Join(", ", clusters);
}
