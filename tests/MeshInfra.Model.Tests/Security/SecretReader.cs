namespace MeshInfra.Model.Tests.Security;

/// <summary>
/// A service account that Istio's charts let read Secrets: where (one namespace, or every namespace
/// for a cluster role) and which chart template grants it.
/// </summary>
internal sealed record SecretReader(string Release, string ServiceAccount, string ServiceAccountNamespace, string? SecretsNamespace, string Template)
{
    /// <summary>Whether this account may get/list/watch Secrets in <paramref name="ns"/>.</summary>
    public bool Reads(string ns) => SecretsNamespace is null || SecretsNamespace == ns;

    public override string ToString() =>
        $"{ServiceAccountNamespace}/{ServiceAccount} reads Secrets in {SecretsNamespace ?? "every namespace"} ({Template}, release {Release})";
}
