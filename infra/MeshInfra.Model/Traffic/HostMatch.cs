namespace MeshInfra.Model.Traffic;

/// <summary>
/// Istio's hostname matching, for hosts that may be wildcards (<c>*</c>, <c>*.suffix</c>).
/// Istio 1.30.3 and 1.31.0-rc.0: pkg/config/host/name.go (Name.SubsetOf, MoreSpecific) and
/// pilot/pkg/model/config.go, MostSpecificHostMatch (l.265 at 1.30.3, l.276 at 1.31.0-rc.0, the same code).
/// </summary>
public static class HostMatch
{
    public static bool IsWildcard(string host) => host.StartsWith('*');

    /// <summary>
    /// <paramref name="host"/> is <paramref name="of"/> or within it: a wildcard <c>*.suffix</c> holds every
    /// name ending in <c>.suffix</c>, <c>*</c> every name (Name.SubsetOf).
    /// </summary>
    public static bool SubsetOf(string host, string of)
    {
        if (IsWildcard(of))
        {
            return IsWildcard(host) ? host[1..].EndsWith(of[1..], StringComparison.Ordinal) : host.EndsWith(of[1..], StringComparison.Ordinal);
        }

        return !IsWildcard(host) && host == of;
    }

    /// <summary>
    /// The entry whose host is the most specific match for <paramref name="needle"/>: an exact host first,
    /// else the longest wildcard whose suffix the needle ends with (MostSpecificHostMatch). Null when none matches.
    /// </summary>
    public static T? MostSpecific<T>(string needle, IEnumerable<T> candidates, Func<T, string> hostOf)
        where T : class
    {
        T? best = null;
        foreach (var candidate in candidates)
        {
            var host = hostOf(candidate);
            if (IsWildcard(needle) ? host == needle : host == needle && !IsWildcard(host))
            {
                return candidate;
            }

            var suffix = IsWildcard(needle) ? needle[1..] : needle;
            if (IsWildcard(host) && suffix.EndsWith(host[1..], StringComparison.Ordinal) && (best is null || hostOf(best).Length < host.Length))
            {
                best = candidate;
            }
        }

        return best;
    }
}
