using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace MeshInfra.Model.Tests.Support;

/// <summary>FsCheck generators for catalogs; names come from a small alphabet so collisions and overlaps happen.</summary>
internal static class CatalogGen
{
    private static readonly string[] Words = ["api", "cart", "pay", "auth", "db", "web", "search", "mail", "queue", "log", "img", "feed"];
    private static readonly string[] Namespaces = ["shop", "core", "edge", "data"];

    public static Gen<CatalogService> Service(int clusters) =>
        from word in Gen.Elements(Words)
        from suffix in Gen.Choose(0, 30)
        from ns in Gen.Elements(Namespaces)
        from first in Gen.Choose(0, clusters - 1)
        from extra in Gen.Choose(0, clusters - 1)
        from versioned in Gen.Elements(false, false, true)
        select new CatalogService($"{word}{suffix}", ns, first == extra ? [first] : [first, extra], versioned);

    public static Gen<Catalog> Catalog(int maxClusters = 6, int maxServices = 30) =>
        from clusters in Gen.Choose(2, maxClusters)
        from count in Gen.Choose(0, maxServices)
        from services in Gen.ListOf(Service(clusters), count)
        select new Catalog(clusters, services.DistinctBy(s => (s.Name, s.Namespace)).ToList());

    /// <summary>A catalog and a few services to add to it (new names only).</summary>
    public static Gen<(Catalog Before, Catalog After)> Additions() =>
        from before in Catalog()
        from more in Gen.ListOf(Service(before.Clusters), 5)
        select (before, before with
        {
            Services = before.Services.Concat(more).DistinctBy(s => (s.Name, s.Namespace)).ToList(),
        });

    /// <summary>
    /// A fixed seed: every CI run checks the same 150 catalogs, so a failure reproduces. A mutation run
    /// (scripts/mutation.sh) sets MESHINFRA_PROPERTY_CASES lower: Stryker runs every test that reaches a
    /// mutant once per mutant, and the traffic properties at 150 cases made each mutant of the traffic
    /// model cost about 15 seconds.
    /// </summary>
    public static FsCheck.Config Config => FsCheck.Config.QuickThrowOnFailure
        .WithMaxTest(Cases)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261121UL, 4243UL), FSharpOption<int>.None)));

    /// <summary>How many catalogs a property checks: 150 unless MESHINFRA_PROPERTY_CASES says fewer (1 to 150).</summary>
    private static int Cases =>
        Environment.GetEnvironmentVariable("MESHINFRA_PROPERTY_CASES") is { Length: > 0 } text
            ? int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cases) && cases is >= 1 and <= 150
                ? cases
                : throw new InvalidOperationException($"MESHINFRA_PROPERTY_CASES is {text}: set it to a whole number from 1 to 150, or unset it for 150")
            : 150;

    /// <summary>Runs a property under <see cref="Config"/>; throws with the counterexample on failure.</summary>
    public static void Check(this Property property) => FsCheck.Check.One(Config, property);
}
