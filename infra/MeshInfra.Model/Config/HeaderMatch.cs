namespace MeshInfra.Model.Config;

/// <summary>A request header condition; <see cref="Kind"/> is exact, prefix or regex as in Istio's StringMatch.</summary>
public sealed record HeaderMatch(string Header, string Kind, string Value);
