using System.Collections.Immutable;
using MeshInfra.Model.Doctor;

namespace MeshInfra.Live;

/// <summary>
/// Reads every cluster of a stack, at most <see cref="LiveReadOptions.Parallelism"/> at a time,
/// each within its own deadline; the result is in the stack's order whatever order they finish in.
/// A cluster that cannot be connected to is an unreachable <see cref="LiveCluster"/>; the others
/// are still read.
/// </summary>
public static class LiveReader
{
    public static async Task<ImmutableArray<LiveCluster>> ReadAsync(
        IReadOnlyList<ClusterTarget> targets,
        Func<ClusterTarget, (IClusterApi? Api, DoctorFinding? Fault)> connect,
        LiveReadOptions options,
        CancellationToken cancel = default)
    {
        using var gate = new SemaphoreSlim(options.Parallelism);
        var reads = targets.Select(async target =>
        {
            await gate.WaitAsync(cancel);
            try
            {
                var (api, fault) = connect(target);
                if (api is null)
                {
                    return new LiveCluster(target.Cluster, target.Context, null, [], [fault!]);
                }

                using (api)
                {
                    return await ClusterReader.ReadAsync(target.Cluster, target.Context, api, options.IstioNamespace, options.Timeout, options.PageSize, cancel);
                }
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        return [.. await Task.WhenAll(reads)];
    }
}
