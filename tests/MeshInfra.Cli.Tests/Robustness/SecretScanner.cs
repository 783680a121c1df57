using System.Text;
using System.Text.RegularExpressions;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// Looks in CLI output for key material and for any trace of the secret values a test put in a stack file:
/// the value whole, its payload after <c>v1:</c>, any run of 24 characters of it (as overlapping 16-character
/// chunks every 8), its words of 6 characters or more, and the same again for whatever its payload decodes
/// to as base64 (a PEM, say).
/// </summary>
internal sealed partial class SecretScanner
{
    private const int ChunkLength = 16;
    private const int ChunkStride = 8;
    private const int MinWordLength = 6;

    /// <summary>What no output may ever hold, whatever the stack: the armor of a PEM and the words of a private key.</summary>
    private static readonly string[] KeyMaterial = ["PRIVATE KEY", "BEGIN"];

    private readonly List<(string Needle, string What)> needles = [];

    public SecretScanner(IEnumerable<string> secrets)
    {
        var i = 0;
        foreach (var secret in secrets)
        {
            Add(secret, $"secret #{++i}", decode: true);
        }
    }

    public int NeedleCount => needles.Count;

    /// <summary>What of the key material and the secrets <paramref name="text"/> holds, described without repeating it whole.</summary>
    public IReadOnlyList<string> Find(string text)
    {
        var found = KeyMaterial.Where(m => text.Contains(m, StringComparison.Ordinal)).Select(m => $"'{m}'").ToList();
        found.AddRange(needles.Where(n => text.Contains(n.Needle, StringComparison.Ordinal)).Select(n => $"{n.What} ('{n.Needle[..Math.Min(6, n.Needle.Length)]}...', {n.Needle.Length} characters)"));
        return found;
    }

    private void Add(string secret, string what, bool decode)
    {
        needles.Add((secret, $"{what}, whole"));
        var payload = secret.StartsWith("v1:", StringComparison.Ordinal) ? secret[3..] : secret;
        needles.Add((payload, $"{what}, payload"));
        for (var at = 0; at + ChunkLength <= payload.Length; at += ChunkStride)
        {
            needles.Add((payload.Substring(at, ChunkLength), $"{what}, characters {at} to {at + ChunkLength}"));
        }

        foreach (Match word in Word().Matches(payload))
        {
            needles.Add((word.Value, $"{what}, a word"));
        }

        if (decode && TryDecode(payload) is { } decoded)
        {
            // A PEM's armor lines are caught as key material; its body is the secret.
            var body = string.Join('\n', decoded.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
            Add(body, $"{what} decoded", decode: false);
        }
    }

    private static string? TryDecode(string payload)
    {
        var bytes = new byte[payload.Length];
        if (!Convert.TryFromBase64String(payload, bytes, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        return text.All(c => c is '\n' or '\r' || !char.IsControl(c)) ? text : null;
    }

    [GeneratedRegex(@"[A-Za-z0-9]{6,}")]
    private static partial Regex Word();
}
