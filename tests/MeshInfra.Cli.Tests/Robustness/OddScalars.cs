namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// Scalars a stack file should never need: near misses of valid names, Unicode trouble (right-to-left
/// text, emoji, NUL and control characters, combining marks), and YAML's many spellings of numbers,
/// booleans and nulls. A sibling of the model tests' OddValues, with YAML's own spellings added.
/// </summary>
internal static class OddScalars
{
    public static readonly string[] Strings =
    [
        "", " ", "\t", "Cluster1", "cluster_1", "-cluster1", "cluster1-", "cluster1 ", "a.b", "a/b",
        "cluster1\n", "\ncluster1", "mesh1\r\n", "v1\n", "STRICT\n", "1.30.3\n",
        "mesh", "local", "cluster.local", "global", "istio-system", "default", "STRICT", "provided", "nodePort", "static",
        "none", "remove", "v2",
        "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202ecluster1", "cluster\u200f1", "\u2067evil\u2069",
        "\U0001F680", "cluster\U0001F6801", "\U0001F468\u200D\U0001F469\u200D\U0001F467",
        "\0", "a\0b", "\u0001\u0002\u0003", "\u001b[31mred\u001b[0m", "a\rb", "\u0085", "a\u2028b", "\u007f",
        "e\u0301", "\u0301", "z\u0351\u0352\u0353\u0354\u0355", "clus\u200bter1", "\ufeffcluster1",
        "${cluster2.gatewayAddress}", "{{ .Values.x }}", "a: b", "- x", "# c", "'", "\"", "\\", "&a", "*a", "!!str", "%", "@x", "`x`",
        "../../etc/passwd", "C:\\Windows", "<script>alert(1)</script>", "secure", "v1:AAAA",
        new string('a', 63), new string('a', 64), new string('a', 1024), new string('a', 1025),
    ];

    /// <summary>Plain scalars: integers in every YAML base, past every range, and what only looks like a number.</summary>
    public static readonly string[] Numbers =
    [
        "0", "-0", "+7", "007", "1", "-1", "100", "101", "15443", "30000", "32767", "32768", "36500", "36501", "65535", "65536",
        "1000001", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "0x1F", "0xFFFFFFFFFFFFFFFFFF", "0o17", "0o", "0b101", "1_000", "1e3", "1e400", "1.5", ".inf", "-.inf", ".nan", "1:30", "2025-01-01",
        "yes", "no", "on", "off", "y", "n", "~", "Null", "TRUE", "False",
    ];
}
