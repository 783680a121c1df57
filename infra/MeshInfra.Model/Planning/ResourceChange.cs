using System.Collections.Immutable;

namespace MeshInfra.Model.Planning;

/// <summary>
/// One resource added, changed or removed by a config change. <see cref="Step"/> is its place in the
/// new plan's apply order (removed resources have none: the deploy deletes them last, dependents
/// first). <see cref="Fields"/> lists the differing leaves of a changed resource.
/// </summary>
public sealed record ResourceChange(ChangeKind Kind, ResourceId Id, string Description, int? Step, ImmutableArray<FieldChange> Fields);
