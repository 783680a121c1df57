using System.Collections.Immutable;
using System.Text;

namespace MeshInfra.Model.Addressing;

/// <summary>
/// Gives every global host one address from the pool, the same in every cluster.
/// <para>
/// Algorithm, in order, each step processing hosts in ordinal order so the result is a pure
/// function of its inputs:
/// 1. A pinned address (from config) is used as is; the parser has already refused duplicates.
/// 2. A host that had an address before (<c>previous</c>: the last plan's table, or a lock file)
///    keeps it when it is still inside the pool and not pinned by someone else.
/// 3. Every other host takes its home slot: FNV-1a 64 of the host name, modulo the usable size
///    of the pool (the first and last addresses stay free), probing upward on a taken slot.
/// </para>
/// <para>
/// Why this shape: step 3 alone is almost stable (a host's address depends on its own name,
/// not on the order or count of the others), but no function of the current host set alone can
/// be stable when two hosts share a home slot: whichever one came first must keep it, and only
/// history knows which came first. Step 2 is that history. With it, adding or removing services
/// never moves an existing host's address; without it, only a host whose home slot is contested
/// by a newcomer can move, which in the default /16 pool is rare and is shown in the plan's table.
/// </para>
/// </summary>
public static class AddressAllocator
{
    public static ImmutableSortedDictionary<string, Ipv4Address> Allocate(
        Ipv4Cidr pool,
        IEnumerable<string> hosts,
        IReadOnlyDictionary<string, Ipv4Address> pinned,
        IReadOnlyDictionary<string, Ipv4Address>? previous = null)
    {
        var ordered = hosts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var usable = pool.Size > 2 ? pool.Size - 2 : 0;
        if ((ulong)ordered.Count > usable)
        {
            throw new InvalidOperationException($"The pool {pool} has {usable} usable addresses for {ordered.Count} hosts.");
        }

        var first = pool.First.Value + 1;
        var result = new Dictionary<string, Ipv4Address>(StringComparer.Ordinal);
        var taken = new HashSet<uint>();

        foreach (var host in ordered)
        {
            if (pinned.TryGetValue(host, out var address))
            {
                result[host] = address;
                taken.Add(address.Value);
            }
        }

        if (previous is not null)
        {
            foreach (var host in ordered.Where(h => !result.ContainsKey(h)))
            {
                if (previous.TryGetValue(host, out var address) && IsUsable(pool, address) && taken.Add(address.Value))
                {
                    result[host] = address;
                }
            }
        }

        foreach (var host in ordered.Where(h => !result.ContainsKey(h)))
        {
            var offset = Fnv1a64(host) % usable;
            // The pool has room for every host (checked above), so the probe ends.
            while (!taken.Add((uint)(first + offset)))
            {
                offset = (offset + 1) % usable;
            }

            result[host] = new Ipv4Address((uint)(first + offset));
        }

        return result.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>The address a host takes when nothing else competes for it.</summary>
    public static Ipv4Address HomeSlot(Ipv4Cidr pool, string host) =>
        new((uint)(pool.First.Value + 1 + (Fnv1a64(host) % (pool.Size - 2))));

    private static bool IsUsable(Ipv4Cidr pool, Ipv4Address address) =>
        pool.Contains(address) && address != pool.First && address != pool.Last;

    // FNV-1a: tiny, fast, and fixed forever, unlike string.GetHashCode, which is randomised per process.
    private static ulong Fnv1a64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
