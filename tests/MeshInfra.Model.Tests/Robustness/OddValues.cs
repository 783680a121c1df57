namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// Values a config should never need but a user, an editor or a copy-paste can produce: near misses
/// of valid names, every kind of Unicode trouble, and numbers at and past every range the config has.
/// </summary>
internal static class OddValues
{
    public static readonly string[] Strings =
    [
        // Near misses: one character away from a valid name or value.
        "", " ", "\t", "Cluster1", "cluster_1", "-cluster1", "cluster1-", "cluster1 ", " cluster1", "a.b", "a/b",
        "cluster1\n", "\ncluster1", "mesh1\r\n", "v1\n", "STRICT\n", "1.30.3\n", "240.0.0.0/16\n",
        // Words the config gives a meaning to elsewhere.
        "mesh", "local", "cluster.local", "global", "istio-system", "kube-system", "default", "STRICT", "strict",
        "provided", "nodePort", "static", "none", "remove", "true", "null", "8080", "-1", "1e5", "0x10", "1.30", "v2",
        // Right-to-left text and bidi controls.
        "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202ecluster1", "cluster\u200f1", "\u2067evil\u2069",
        // Emoji, including a ZWJ sequence and a flag.
        "\U0001F680", "cluster\U0001F6801", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U0001F1FA\U0001F1F8",
        // NUL and other control characters, an ANSI escape meant for the terminal, Unicode line breaks.
        "\0", "a\0b", "\u0001\u0002\u0003", "\u001b[31mred\u001b[0m", "a\rb", "\u0085", "a\u2028b", "a\u2029b", "\u007f",
        // Combining marks, alone and stacked; invisible characters.
        "e\u0301", "\u0301", "z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359", "clus\u200bter1", "\ufeffcluster1",
        // Lone UTF-16 surrogates: JSON escapes can spell them, UTF-8 cannot.
        "\ud800", "x\udc00",
        // Text other tools would interpret.
        "${cluster2.gatewayAddress}", "{{ .Values.x }}", "a: b", "- x", "# c", "'", "\"", "\\", "&a", "*a", "!!str", "%",
        "../../etc/passwd", "C:\\Windows", "<script>alert(1)</script>",
        // Lengths at and past the limits (63 for names, 1024 for any string).
        new string('a', 63), new string('a', 64), new string('a', 1024), new string('a', 1025),
    ];

    /// <summary>Numbers as raw JSON text, so the ones no .NET type holds (1e400) stay exactly as written.</summary>
    public static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "100", "101", "15443", "29999", "30000", "32767", "32768", "36500", "36501", "65535", "65536",
        "1000000", "1000001", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "123456789012345678901234567890", "1.5", "8080.0", "1e3", "1E-300", "1e400", "-1e400", "0.0000001",
    ];
}
