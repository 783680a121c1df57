using System.Collections.Immutable;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// What the retry policy of an HTTP route does about a connection that fails (a down east-west gateway refuses
/// it, or it times out): how many more attempts, and whether a retry first looks for a host not tried before.
///
/// Istio 1.30.3 and 1.31.0-rc.0 (identical): pilot/pkg/networking/core/route/route.go, applyHTTPRouteDestination,
/// takes a VirtualService rule's <c>retries</c>, else meshConfig.defaultHttpRetryPolicy (unset by default), and
/// BuildDefaultHTTPOutboundRoute does the same for a host without a VirtualService; route/retry/retry.go,
/// ConvertPolicy: no policy is DefaultPolicy (2 retries on "connect-failure,refused-stream,unavailable,cancelled,
/// retriable-status-codes", host_selection_retry_max_attempts 5, the previous_hosts retry host predicate,
/// pilot/pkg/xds/filters/filters.go RetryPreviousHosts); <c>attempts</c> 0 or less turns retries off; otherwise
/// <c>attempts</c> retries, <c>retryOn</c> replacing the conditions, <c>retryIgnorePreviousHosts: false</c> dropping
/// the predicate. Envoy retries a failed connection when retry_on holds connect-failure, reset,
/// reset-before-request, 5xx or gateway-error (source/common/router/retry_state_impl.cc, wouldRetryFromReset), and
/// Istio lifts the max_retries circuit breaker (cluster_traffic_policy.go, getDefaultCircuitBreakerThresholds:
/// MaxUint32), so no retry is refused for budget. Retries stay in the route's chosen cluster.
/// </summary>
public sealed record RouteRetry(int Retries, bool OnConnectFailure, bool OtherHostsFirst, string From)
{
    /// <summary>Envoy picks up to host_selection_retry_max_attempts (5) more times for a host the predicate accepts, then takes the last pick.</summary>
    public const int HostPicks = 6;

    /// <summary>Istio's DefaultPolicy: a route without <c>retries</c>, and the default route of a host without a VirtualService.</summary>
    public static readonly RouteRetry IstioDefault = new(2, true, true, "Istio's default retry policy");

    private static readonly ImmutableHashSet<string> ConnectFailureConditions = ["connect-failure", "reset", "reset-before-request", "5xx", "gateway-error"];

    /// <summary>
    /// The policy for a port: retries are part of HTTP routes, so a port Istio proxies as TCP (a protocol other than
    /// HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-Web (<see cref="ListenerProtocol"/>; HTTPS is a TCP proxy), or unset, which is
    /// sniffed and routed as HTTP for HTTP requests) gets none; its tcp_proxy,
    /// whose max_connect_attempts Istio leaves unset (no match in pilot/ at either tag), is taken to try once.
    /// </summary>
    public static RouteRetry For(string? protocol, RouteRetry route) =>
        string.IsNullOrEmpty(protocol) || ListenerProtocol.IsHttp(protocol)
            ? route
            : new RouteRetry(0, false, false, $"a {protocol} port (TCP proxy, no HTTP retry policy)");

    /// <summary>
    /// <c>retryIgnorePreviousHosts: true</c> given: ConvertPolicy keeps the previous_hosts predicate even for a route
    /// with a consistent hash, where it otherwise drops it (retry.go, newRetryPolicy with hashPolicy).
    /// </summary>
    public bool OtherHostsAsked { get; init; }

    /// <summary>
    /// Whether a retry returns to the host that failed: a single-destination route to a cluster with consistentHash
    /// has a hash policy, so ConvertPolicy leaves out previous_hosts (unless asked for) and the hash picks the same
    /// host again (route.go, applyHTTPRouteDestination: consistentHash only when the rule has one destination).
    /// </summary>
    public bool ReturnsToSameHost(bool consistentHash, int routeDestinations) => consistentHash && routeDestinations == 1 && !OtherHostsAsked;

    /// <summary>Whether a request whose connection fails is sent again.</summary>
    public bool RetriesConnectFailures => Retries > 0 && OnConnectFailure;

    /// <summary>A VirtualService HTTP rule's <c>retries</c>, as ConvertPolicy reads it (null: the default policy).</summary>
    public static RouteRetry Of(MapNode? retries, DocReader read)
    {
        if (retries is null)
        {
            return IstioDefault;
        }

        var attempts = read.Int(retries["attempts"]) ?? 0;
        if (attempts <= 0)
        {
            return new RouteRetry(0, false, false, $"the route's retries (attempts: {attempts})");
        }

        var retryOn = read.Str(retries["retryOn"]);
        var onConnectFailure = string.IsNullOrEmpty(retryOn) || retryOn.Split(',').Select(c => c.Trim()).Any(ConnectFailureConditions.Contains);
        var ignorePrevious = read.Str(retries["retryIgnorePreviousHosts"]);
        return new RouteRetry(attempts, onConnectFailure, ignorePrevious != "false", $"the route's retries (attempts: {attempts}" + (string.IsNullOrEmpty(retryOn) ? "" : $", retryOn: {retryOn}") + ")")
        {
            OtherHostsAsked = ignorePrevious == "true",
        };
    }

    public override string ToString() =>
        !OnConnectFailure || Retries == 0
            ? $"{From}: no retry on a failed connection"
            : $"{From}: {Retries} {(Retries == 1 ? "retry" : "retries")} on a failed connection" + (OtherHostsFirst ? ", each preferring a host not tried (previous_hosts, up to 6 picks)" : ", each to any host");
}
