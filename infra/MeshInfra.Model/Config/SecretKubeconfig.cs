namespace MeshInfra.Model.Config;

/// <summary>
/// A cluster's kubeconfig given as a Pulumi secret (<c>secure:</c> in Pulumi.&lt;stack&gt;.yaml). The
/// model never holds its value: it is decrypted by Pulumi at deploy and handed to the cluster's
/// provider as a secret Output; the offline CLI cannot decrypt it and says how to supply it.
/// </summary>
/// <param name="ConfigKey">Its path in the stack config, <c>mesh.clusters[1].kubeconfig</c>, for <c>pulumi config get --path</c>.</param>
/// <param name="Ciphertext">
/// The encrypted value as the stack file holds it: opaque, public, and different after every
/// <c>pulumi config set --secret</c>, so two stack files can say whether it was set again, not whether
/// the value changed. Never printed.
/// </param>
public sealed record SecretKubeconfig(string ConfigKey, string Ciphertext)
{
    /// <summary>What the plan says in place of the value.</summary>
    public const string Description = "secret kubeconfig, value supplied by Pulumi at deploy";

    /// <summary>The ciphertext the Pulumi program gives the model: it reads the decrypted value, which the model must not hold.</summary>
    public const string DecryptedByPulumi = "(decrypted by Pulumi)";
}
