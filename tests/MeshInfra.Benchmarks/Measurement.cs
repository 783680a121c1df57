namespace MeshInfra.Benchmarks;

/// <summary>The median (and fastest) wall time of the measured iterations, and the median bytes they allocated.</summary>
internal sealed record Measurement(double MedianMs, double MinMs, long MedianAllocatedBytes, int Iterations);
