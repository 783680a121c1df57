using System.Collections.Immutable;
using MeshInfra.Model.Addressing;

namespace MeshInfra.Model.Planning;

/// <summary>
/// Inputs beyond the config: the previous address table (from a lock file or the last plan), so
/// existing global hosts keep their addresses whatever is added or removed.
/// </summary>
public sealed record PlanOptions(ImmutableSortedDictionary<string, Ipv4Address> PreviousAddresses)
{
    /// <summary>The day the renewal clock reads (trust.renewal); null: today, in UTC.</summary>
    public DateOnly? Today { get; init; }

    public static readonly PlanOptions Default = new(ImmutableSortedDictionary<string, Ipv4Address>.Empty);
}
