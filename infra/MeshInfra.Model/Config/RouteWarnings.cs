using System.Globalization;

namespace MeshInfra.Model.Config;

/// <summary>
/// Routes that deploy but drop traffic: when every rule has a match, a request that matches none of
/// them finds no route in the VirtualService and Envoy answers it with 404 (response flag NR). Not an
/// error, since a route may mean to serve only matched requests, but never a silent one.
/// </summary>
public static class RouteWarnings
{
    public static IReadOnlyList<ConfigError> For(MeshSpec spec)
    {
        var warnings = new List<ConfigError>();
        for (var i = 0; i < spec.Routes.Length; i++)
        {
            var route = spec.Routes[i];
            if (route.Rules.Length > 0 && route.Rules.All(r => r.Headers.Length > 0))
            {
                var example = route.Rules[0].Targets.FirstOrDefault()?.Version ?? "v1";
                warnings.Add(new ConfigError(
                    $"mesh.routes[{i.ToString(CultureInfo.InvariantCulture)}].http",
                    $"every rule has a match, so a request to {route.Service}.{route.Namespace} that matches none of them gets HTTP 404 from Envoy (no route) instead of reaching the service; end with a rule without match, e.g. - route: [{{ version: {example} }}]"));
            }
        }

        return warnings;
    }
}
