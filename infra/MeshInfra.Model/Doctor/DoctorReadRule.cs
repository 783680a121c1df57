using System.Collections.Immutable;

namespace MeshInfra.Model.Doctor;

/// <summary>One API group and the resources of it that doctor reads (get, list, watch; never anything else).</summary>
public sealed record DoctorReadRule(string Group, ImmutableArray<string> Resources);
