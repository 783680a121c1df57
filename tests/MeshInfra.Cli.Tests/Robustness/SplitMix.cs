namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// SplitMix64, written out so the generated cases depend on nothing but this file and a seed: not on
/// the runtime's <see cref="Random"/> implementation, which .NET documents as free to change between
/// versions. Case N is drawn from its own seed, so any one case can be rebuilt alone from its number.
/// (A copy of the model tests' generator: the two test projects share no code.)
/// </summary>
internal sealed class SplitMix(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number from 0 to <paramref name="max"/> - 1.</summary>
    public int Next(int max) => max <= 0 ? throw new ArgumentOutOfRangeException(nameof(max)) : (int)(NextUInt64() % (ulong)max);

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
