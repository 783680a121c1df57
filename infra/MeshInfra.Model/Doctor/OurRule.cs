using MeshInfra.Model.Manifests;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Doctor;

/// <summary>One of MeshInfra's DestinationRules as the shadowing check compares others with it.</summary>
internal sealed record OurRule(string Host, string Name, string Namespace, bool Private, MapNode Spec, CreationOrder Order);
