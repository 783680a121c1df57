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
            errors.Add($"--via '{ConfigKeyPath.Clip(via)}': only with --from {External} (a pod's request reaches an ingress gateway by its address: --to <address>:<port>)");
        }
        else if (via is not null && !ingressClusters.Contains(via, StringComparer.Ordinal))
        {
            errors.Add($"--via '{ConfigKeyPath.Clip(via)}': no cluster of the stack by that name runs an ingress gateway (ingressGateway: true); clusters with one: {Names(ingressClusters)}");
        }

        // Every value is echoed clipped to one line: a newline in an argument must not start a line of its own.
        var path = requestPath ?? "/";
        if (!path.StartsWith('/') || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add($"--path '{ConfigKeyPath.Clip(path)}': expected a path starting with /, without spaces, e.g. /status/200");
        }

        var colon = to.LastIndexOf(':');
        var port = 0;
        var host = colon > 0 ? to[..colon] : "";
        if (colon <= 0 || !int.TryParse(to[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            errors.Add($"--to '{ConfigKeyPath.Clip(to)}': expected <host>:<port>, e.g. httpbin.bar.global:8000");
        }
        else if (!IsHost(host))
        {
            errors.Add($"--to '{ConfigKeyPath.Clip(to)}': the host must be a DNS name, an IPv4 address or a ${{...}} value of the stack, without scheme or path (the path goes in --path), e.g. --to httpbin.bar.global:8000 --path /status/200");
        }
        else if (!host.StartsWith("${", StringComparison.Ordinal))
        {
            // DNS names are case-insensitive (RFC 4343), and so are the DNS proxy, CoreDNS and Envoy's virtual
            // host match; the model compares names as written, so the name is taken lower-cased.
            host = host.ToLowerInvariant();
        }

        var given = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            var equals = header.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? "" : header[..equals].Trim().ToLowerInvariant();
            if (!IsHeaderName(name))
            {
                errors.Add($"--header '{ConfigKeyPath.Clip(header)}': expected NAME=VALUE, NAME an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), e.g. --header end-user=jason");
                continue;
            }

            // RFC 9110 5.5: a field value has no leading or trailing whitespace (Envoy strips it), and no CR, LF,
            // NUL or other control character but the tab.
            var value = header[(equals + 1)..].Trim(' ', '\t');
            if (value.Any(c => char.IsControl(c) && c != '\t'))
            {
                errors.Add($"--header '{ConfigKeyPath.Clip(header)}': a header value cannot hold control characters (HTTP forbids CR, LF and NUL in one)");
            }
            else if (!given.TryAdd(name, value))
            {
                errors.Add($"--header '{ConfigKeyPath.Clip(header)}': header '{name}' is given twice (header names are case-insensitive); give it once");
            }
        }

        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }

        return external
            ? TraceRequest.FromOutside(via!, host, port, path, given.ToImmutable())
            : new TraceRequest(parts[0], parts[1], parts[2], host, port, given.ToImmutable()) { Path = path };
    }

    private static bool IsDnsLabel(string part) =>
        part.Length is > 0 and <= 63 && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && part[0] != '-' && part[^1] != '-';

    /// <summary>
    /// The name a pod dials or the Host an ingress gateway is sent: a DNS name or an IPv4 address (dot-separated
    /// labels of letters, digits and '-'), or a placeholder of the stack's deferred values (<c>${cluster2.ingressAddress}</c>).
    /// </summary>
    private static bool IsHost(string host) =>
        host.StartsWith("${", StringComparison.Ordinal) && host.EndsWith('}')
            ? host.Length > 3 && host[2..^1].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            : host.Length <= 253 && host.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');

    /// <summary>An HTTP field name: a token (RFC 9110 5.6.2), lower-cased by the caller as Envoy matches it.</summary>
    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    private static string Names(IReadOnlyList<string> clusters) => clusters.Count == 0 ? "none" : string.Join(", ", clusters);
}
