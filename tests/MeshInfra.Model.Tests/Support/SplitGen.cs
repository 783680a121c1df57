using FsCheck;
using FsCheck.Fluent;

namespace MeshInfra.Model.Tests.Support;

/// <summary>FsCheck generators for <see cref="SplitCatalog"/>: uneven weights over two to four versions in one cluster.</summary>
internal static class SplitGen
{
    /// <summary>
    /// Weights over <paramref name="versions"/> versions that add up to 100 and are not all equal: an
    /// even split is what a collapsed subset gives anyway, so it could not tell them apart.
    /// </summary>
    public static Gen<IReadOnlyList<int>> UnevenWeights(int versions) =>
        (from cuts in Gen.ListOf(Gen.Choose(1, 99), versions - 1)
         let points = cuts.Distinct().Order().ToList()
         where points.Count == versions - 1
         let weights = points.Append(100).Zip(points.Prepend(0), (high, low) => high - low).ToList()
         where weights.Distinct().Count() > 1
         select (IReadOnlyList<int>)weights);

    public static Gen<SplitService> Split(int clusters, int index) =>
        from cluster in Gen.Choose(0, clusters - 1)
        from other in Gen.Choose(0, clusters - 1)
        from alsoV1 in Gen.Elements(false, true)
        from versions in Gen.Choose(2, 4)
        from headerRule in Gen.Elements(false, true)
        from headerWeights in UnevenWeights(versions)
        from defaultWeights in UnevenWeights(versions)
        select new SplitService($"split{index}", "tiers", cluster, alsoV1 && other != cluster ? other : null, versions, headerRule ? headerWeights : null, defaultWeights);

    public static Gen<SplitCatalog> SplitCatalog() =>
        from catalog in CatalogGen.Catalog(maxClusters: 4, maxServices: 8)
        from count in Gen.Choose(1, 3)
        from splits in Gen.ListOf(Split(catalog.Clusters, 0), count)
        select new SplitCatalog(catalog, [.. splits.Select((s, i) => s with { Name = $"split{i}" })]);
}
