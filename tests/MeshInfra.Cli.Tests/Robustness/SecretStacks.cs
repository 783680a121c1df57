using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// Stack files that hold secrets the way Pulumi writes them (<c>secure: v1:...</c>), built from every stack
/// the tests know. The secrets are made from a fixed seed, never from a real key, so a scan can never
/// flake on a chance match and no scanner of this repository ever finds a real key in it.
/// </summary>
internal static class SecretStacks
{
    private static readonly SplitMix Random = new(20261124);

    public static string RootCaCert { get; } = Secure(Pem("CERTIFICATE", 600));

    public static string RootCaKey { get; } = Secure(Pem("PRIVATE KEY", 1200));

    public static string RegistryToken { get; } = Secure(Encoding.UTF8.GetString(Bytes(48).Select(b => (byte)('a' + (b % 26))).ToArray()));

    /// <summary>A secret with words in it, for the scan's word needles.</summary>
    public static string Passphrase { get; } = "v1:quixotic-zephyr-marmalade-hunter2";

    /// <summary>A root key written in plain text by mistake: the CLI refuses it, and must not echo it.</summary>
    public static string PlainRootKey { get; } = Pem("PRIVATE KEY", 900);

    public static IReadOnlyList<string> All => [RootCaCert, RootCaKey, RegistryToken, Passphrase, PlainRootKey];

    /// <summary>Each known stack as is, with secrets beside the mesh, and switched to a provided root; plus two broken ones.</summary>
    public static IReadOnlyList<(string Name, string Text, bool Valid)> Stacks { get; } = Build();

    private static List<(string, string, bool)> Build()
    {
        var stacks = new List<(string, string, bool)>();
        foreach (var (name, text) in TestStacks.All)
        {
            stacks.Add((name, text, true));
            stacks.Add(($"{name} with secrets", Edit(text, (config, _) => AddSecrets(config)), true));
            stacks.Add(($"{name} with a provided root", Edit(text, (config, mesh) =>
            {
                AddSecrets(config);
                config.Add(Key("mesh-infra:rootCaCert"), SecureNode(RootCaCert));
                config.Add(Key("mesh-infra:rootCaKey"), SecureNode(RootCaKey));
                mesh.Children[Key("trust")] = new YamlMappingNode { { "mode", "provided" } };
            }), true));
        }

        stacks.Add(("Stacks.ProvidedTrust", Support.Stacks.ProvidedTrust($"""
              mesh-infra:rootCaCert:
                secure: {RootCaCert}
              mesh-infra:rootCaKey:
                secure: {RootCaKey}
            """), true));
        stacks.Add(("Stacks.ProvidedTrust with the key in plain text", Support.Stacks.ProvidedTrust($"""
              mesh-infra:rootCaCert:
                secure: {RootCaCert}
              mesh-infra:rootCaKey: "{PlainRootKey.Replace("\n", "\\n", StringComparison.Ordinal)}"
            """), false));
        stacks.Add(("Stacks.Broken with secrets", Edit(Support.Stacks.Broken, (config, _) => AddSecrets(config)), false));
        return stacks;
    }

    private static void AddSecrets(YamlMappingNode config)
    {
        config.Add(Key("mesh-infra:registryToken"), SecureNode(RegistryToken));
        config.Add(Key("mesh-infra:notes"), new YamlMappingNode { { "unlock", SecureNode(Passphrase) }, { "keys", new YamlSequenceNode(SecureNode(RootCaKey)) } });
    }

    private static string Edit(string text, Action<YamlMappingNode, YamlMappingNode> edit)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[Key("config")];
        edit(config, (YamlMappingNode)config.Children[Key("mesh-infra:mesh")]);
        return TestStacks.Save(stream.Documents[0].RootNode);
    }

    private static YamlScalarNode Key(string key) => new(key) { Style = ScalarStyle.Plain };

    private static YamlMappingNode SecureNode(string value) => new() { { "secure", value } };

    private static string Secure(string plain) => "v1:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(plain));

    /// <summary>The shape of a PEM around seeded bytes: armor, base64 lines of 64.</summary>
    private static string Pem(string label, int length)
    {
        var body = Convert.ToBase64String(Bytes(length));
        var lines = Enumerable.Range(0, (body.Length + 63) / 64).Select(i => body.Substring(i * 64, Math.Min(64, body.Length - i * 64)));
        return $"-----BEGIN {label}-----\n{string.Join('\n', lines)}\n-----END {label}-----\n";
    }

    private static byte[] Bytes(int length) => Enumerable.Range(0, length).Select(_ => (byte)Random.Next(256)).ToArray();
}
