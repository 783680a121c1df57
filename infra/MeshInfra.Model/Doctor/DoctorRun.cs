using System.Collections.Immutable;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>
/// One run of doctor's checks: the plan, the live clusters (indexed once), and what the checks
/// collect — findings, how many things each looked at, and what could not be looked at.
/// </summary>
internal sealed class DoctorRun
{
    private readonly List<DoctorFinding> findings = [];
    private readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly SortedSet<string> notChecked = new(StringComparer.Ordinal);
    private readonly HashSet<DoctorSkip> skipped = [];

    public DoctorRun(MeshPlan plan, Func<DeferredValue, string> resolve, ImmutableArray<LiveCluster> live, DoctorOptions options)
    {
        Plan = plan;
        Resolve = resolve;
        Options = options;
        Read = new DocReader(resolve);
        foreach (var cluster in live)
        {
            Live[cluster.Name] = new LiveObjects(cluster, Read);
        }
    }

    public MeshPlan Plan { get; }

    public Func<DeferredValue, string> Resolve { get; }

    public DoctorOptions Options { get; }

    public DocReader Read { get; }

    /// <summary>The clusters that answered, by stack name.</summary>
    public Dictionary<string, LiveObjects> Live { get; } = new(StringComparer.Ordinal);

    /// <summary>The live objects of a stack cluster, or null (and a note) when it was not read or did not answer.</summary>
    public LiveObjects? Reachable(string cluster) =>
        Live.TryGetValue(cluster, out var live) && live.Cluster.Reachable ? live : null;

    public void Find(string cluster, FindingKind kind, string obj, string message, string rule, string fix) =>
        findings.Add(new DoctorFinding(cluster, kind, obj, message, rule, fix));

    public void Count(string check, int n = 1) => counts[check] = counts.GetValueOrDefault(check) + n;

    public void Skip(string what) => notChecked.Add(what);

    /// <summary>
    /// True (and the skip noted) when a kind <paramref name="what"/> needs was not read in this
    /// cluster: the caller then leaves that part out rather than check it against an empty list.
    /// </summary>
    public bool SkipUnread(LiveObjects live, string check, string what, params ReadOnlySpan<string> kinds)
    {
        var any = false;
        foreach (var kind in kinds)
        {
            if (live.Cluster.Unread.TryGetValue(kind, out var reason))
            {
                var skip = new DoctorSkip(live.Name, check, what, kind, reason);
                if (skipped.Add(skip))
                {
                    notChecked.Add(skip.ToString());
                }

                any = true;
            }
        }

        return any;
    }

    public DoctorReport Report()
    {
        var sorted = findings.Distinct()
            .OrderBy(f => f.Cluster, StringComparer.Ordinal)
            .ThenBy(f => f.Kind)
            .ThenBy(f => f.Object, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToImmutableArray();
        var skips = skipped
            .OrderBy(s => s.Cluster, StringComparer.Ordinal)
            .ThenBy(s => s.Check, StringComparer.Ordinal)
            .ThenBy(s => s.Kind, StringComparer.Ordinal)
            .ThenBy(s => s.What, StringComparer.Ordinal)
            .ToImmutableArray();
        return new DoctorReport(sorted, new DoctorChecked(counts.ToImmutableSortedDictionary(StringComparer.Ordinal), [.. notChecked], skips));
    }
}
