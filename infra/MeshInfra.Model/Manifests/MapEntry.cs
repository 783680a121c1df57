namespace MeshInfra.Model.Manifests;

public sealed record MapEntry(string Key, ManifestNode Value);
