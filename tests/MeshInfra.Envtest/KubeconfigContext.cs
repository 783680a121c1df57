namespace MeshInfra.Envtest;

/// <summary>One context of a kubeconfig a test writes: its name, the server it points at, and the bearer token it uses.</summary>
public sealed record KubeconfigContext(string Name, ApiServer Server, string Token);
