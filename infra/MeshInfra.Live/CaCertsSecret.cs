using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Live;

/// <summary>
/// The <c>cacerts</c> Secret as doctor keeps it: a new object built from the public certificates
/// only. <c>ca-key.pem</c> (and any other key entry) is never copied, nor are annotations (a
/// client-side apply leaves the whole Secret, key included, in last-applied-configuration) or
/// managed fields. The caller's response buffer is cleared once this returns.
/// </summary>
public static class CaCertsSecret
{
    public const string Name = "cacerts";

    /// <summary>
    /// The certificate entries of a plugged-in CA Secret (CACertFile, CertChainFile, RootCertFile in
    /// security/pkg/pki/ca/ca.go at 1.30.3; CAPrivateKeyFile, ca-key.pem, is left out) and the public
    /// entries of a kubernetes.io/tls one.
    /// </summary>
    public static readonly ImmutableArray<string> PublicEntries = ["ca-cert.pem", "cert-chain.pem", "root-cert.pem", "tls.crt", "ca.crt"];

    /// <summary>The public part of the Secret whose JSON is <paramref name="body"/>; clears <paramref name="body"/>.</summary>
    public static MapNode PublicPart(byte[] body, string ns)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var data = new List<MapEntry>();
            if (root.TryGetProperty("data", out var entries) && entries.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in entries.EnumerateObject())
                {
                    // An allow list, not a deny list: an entry we do not know may be a key.
                    if (PublicEntries.Contains(entry.Name) && entry.Value.ValueKind == JsonValueKind.String)
                    {
                        data.Add(new MapEntry(entry.Name, new ScalarNode(entry.Value.GetString()!)));
                    }
                }
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "Opaque";
            return MapNode.Of(
                ("apiVersion", new ScalarNode("v1")),
                ("kind", new ScalarNode("Secret")),
                ("metadata", MapNode.Of(("name", new ScalarNode(Name)), ("namespace", new ScalarNode(ns)))),
                ("type", new ScalarNode(type)),
                ("data", new MapNode([.. data.OrderBy(e => e.Key, StringComparer.Ordinal)])));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(body);
        }
    }
}
