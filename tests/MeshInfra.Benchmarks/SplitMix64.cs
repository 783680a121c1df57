namespace MeshInfra.Benchmarks;

/// <summary>
/// A tiny seeded generator whose sequence is fixed by its definition, so the synthetic meshes are
/// the same on every machine and every .NET version (System.Random's seeded sequence is not a
/// documented contract).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    /// <summary>A number from 0 to <paramref name="bound"/> - 1.</summary>
    public int Next(int bound)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z % (ulong)bound);
    }
}
