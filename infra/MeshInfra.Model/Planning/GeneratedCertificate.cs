namespace MeshInfra.Model.Planning;

/// <summary>
/// One entry of a cluster's <c>cacerts</c> Secret (a PEM the deploy generates). Private keys among
/// them are never rendered: the CLI prints a marker, the Pulumi program passes a secret Output.
/// </summary>
public sealed record GeneratedCertificate(string Cluster, string SecretKey) : DeferredValue
{
    public override string Key => Cluster + ".cacerts." + SecretKey;

    public bool IsPrivateKey => SecretKey.EndsWith("-key.pem", StringComparison.Ordinal);
}
