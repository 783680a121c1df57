using System.Globalization;
using MeshInfra.Model.Addressing;
using MeshInfra.Model.Config;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// What an offline render writes where the plan has a deferred value: the value given with
/// <c>--set key=value</c>, else the visible placeholder (<c>${cluster2.gatewayAddress}</c>). Generated
/// certificates are never settable and never rendered: they always print as a marker.
/// </summary>
public sealed class DeferredValueResolver
{
    private readonly IReadOnlyDictionary<string, ScalarNode> given;

    private DeferredValueResolver(IReadOnlyDictionary<string, ScalarNode> given)
    {
        this.given = given;
    }

    /// <summary>Keys given with --set, in ordinal order.</summary>
    public IEnumerable<string> GivenKeys => given.Keys.Order(StringComparer.Ordinal);

    /// <summary>Checks every --set argument against the plan's deferred values.</summary>
    /// <exception cref="InputException">Any argument is malformed, unknown, not settable or of the wrong type; all are listed.</exception>
    public static DeferredValueResolver FromSetArguments(MeshPlan plan, IEnumerable<string> arguments)
    {
        var settable = plan.DeferredValues.Where(IsSettable).ToDictionary(v => v.Key, StringComparer.Ordinal);
        var generated = plan.DeferredValues.OfType<GeneratedCertificate>().Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        var values = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var argument in arguments)
        {
            if (argument.Length > InputLimits.SetArgumentChars)
            {
                // Not echoed: a value this long is a mistake (a file pasted in), and may hold anything.
                errors.Add($"--set: an argument of {argument.Length.ToString("N0", CultureInfo.InvariantCulture)} characters; a --set KEY=VALUE is at most {InputLimits.SetArgumentChars.ToString("N0", CultureInfo.InvariantCulture)} (the longest value, a DNS name, is 253)");
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"--set '{argument}': expected KEY=VALUE, e.g. --set cluster2.gatewayAddress=203.0.113.7");
                continue;
            }

            var key = argument[..equals].Trim();
            var text = argument[(equals + 1)..].Trim();
            if (generated.Contains(key))
            {
                errors.Add($"--set {key}: is generated at deploy time (a CA certificate or key) and is never rendered, so it cannot be set");
            }
            else if (!settable.TryGetValue(key, out var value))
            {
                errors.Add($"--set {key}: unknown key; this stack has no deferred value of that name");
            }
            else if (values.ContainsKey(key))
            {
                errors.Add($"--set {key}: given more than once");
            }
            else if (Problem(plan.Spec, value, text) is { } problem)
            {
                errors.Add($"--set {key}: {problem}");
            }
            else
            {
                values[key] = value.IsInteger ? new ScalarNode(long.Parse(text, CultureInfo.InvariantCulture)) : new ScalarNode(text);
            }
        }

        if (errors.Count > 0)
        {
            errors.Add(settable.Count == 0
                ? "this stack has no values to set: every deferred value is a generated certificate"
                : $"known keys: {string.Join(", ", settable.Keys.Order(StringComparer.Ordinal))}");
            throw new InputException(errors);
        }

        return new DeferredValueResolver(values);
    }

    public static bool IsSettable(DeferredValue value) => value is not GeneratedCertificate;

    /// <summary>The marker a generated cacerts entry renders as; it names the entry and holds nothing secret.</summary>
    public static string GeneratedMarker(GeneratedCertificate certificate) =>
        $"<generated at deploy time: {certificate.Cluster} {certificate.SecretKey}>";

    public bool IsGiven(DeferredValue value) => given.ContainsKey(value.Key);

    public ScalarNode Resolve(DeferredValue value) => value switch
    {
        GeneratedCertificate certificate => new ScalarNode(GeneratedMarker(certificate)),
        _ when given.TryGetValue(value.Key, out var set) => set,
        _ => new ScalarNode(value.Placeholder),
    };

    /// <summary>What is wrong with a --set value, by the same rules the config applies to the same value; null if nothing.</summary>
    private static string? Problem(MeshSpec spec, DeferredValue value, string text)
    {
        if (!value.IsInteger)
        {
            // Under static resolution Istio drops every endpoint that is not an IP (StaticEndpointRules).
            return value switch
            {
                GatewayClusterIp when !StaticEndpointRules.IsIp(text) =>
                    $"'{ConfigKeyPath.Clip(text)}' is not an IPv4 address: give the Service's spec.clusterIP (kubectl get svc istio-eastwestgateway -o jsonpath='{{.spec.clusterIP}}')",
                GatewayAddress { Gateway: GatewayKind.EastWest } when spec.EndpointResolution == EndpointResolution.Static && StaticEndpointRules.DeployTimeProblem(text) is { } problem => problem,
                GatewayClusterIp => null,
                _ => ReachableAddress.Problem(text),
            };
        }

        // The only integer deferred value is a NodePort the cluster's Service is given: the range Kubernetes assigns.
        if (text.Length > 9 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return $"'{ConfigKeyPath.Clip(text)}' is not a port number (a whole number from {NodePortRange.Min} to {NodePortRange.Max})";
        }

        return port is < NodePortRange.Min or > NodePortRange.Max
            ? $"{port} is outside the NodePort range {NodePortRange.Min} to {NodePortRange.Max}, the range gateway.nodePort accepts in the config"
            : null;
    }
}
