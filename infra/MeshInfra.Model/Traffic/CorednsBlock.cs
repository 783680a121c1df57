namespace MeshInfra.Model.Traffic;

/// <summary>MeshInfra's CoreDNS server block as the model reads it.</summary>
internal sealed record CorednsBlock(string Zone, IReadOnlyDictionary<string, string> Entries, bool Forwards);
