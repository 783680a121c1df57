using System.Diagnostics;

namespace MeshInfra.Benchmarks;

/// <summary>
/// Times one step: warm-up runs first, then measured runs, each after a full collection so no run
/// pays for the garbage of the one before. Medians, because one GC pause or a neighbour's build on
/// a shared machine should not move the figure.
/// </summary>
internal static class Bench
{
    // Tiered JIT recompiles hot methods optimised only after they have run a while; a quick step
    // needs more than one warm-up run to be measured in its final code.
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(1);
    private const int MaxWarmUps = 50;

    /// <param name="warmups">Warm-up runs at least; quick steps get more, up to a second's worth.</param>
    /// <param name="iterations">Measured runs.</param>
    /// <param name="step">The step to time.</param>
    public static (Measurement Measurement, T Result) Run<T>(int warmups, int iterations, Func<T> step)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < warmups || (i > 0 && i < MaxWarmUps && warming.Elapsed < WarmUpTime); i++)
        {
            GC.KeepAlive(step());
        }

        var times = new List<double>(iterations);
        var allocations = new List<long>(iterations);
        T? last = default;
        for (var i = 0; i < iterations; i++)
        {
            // Drop the previous result first, so a run measures one result's memory, not two.
            last = default;
            Collect();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            last = step();
            clock.Stop();
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return (new Measurement(Median(times), times.Min(), (long)Median(allocations.Select(a => (double)a).ToList()), iterations), last!);
    }

    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
