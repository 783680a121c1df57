namespace MeshInfra.Model.Tests.Dns;

/// <summary>Shared test inputs and expected texts for the Corefile editor.</summary>
internal static class Golden
{
    /// <summary>
    /// Raw string literals take the source file's line endings; pinning them to LF keeps the goldens exact
    /// even on a checkout that converted this file to CRLF.
    /// </summary>
    public static string Lf(string text) => text.ReplaceLineEndings("\n");

    /// <summary>The block <see cref="Meshes.Global"/> renders to, markers included, without a final newline.</summary>
    public static readonly string GlobalRegion = Lf("""
        # BEGIN meshinfra global
        global:53 {
            errors
            cache 30
            hosts {
                240.0.0.2 httpbin.bar.global
                240.0.0.3 reviews.default.global
                fallthrough
            }
            forward . /etc/resolv.conf
        }
        # END meshinfra global
        """);

    /// <summary>The same mesh after a service was added and one moved, markers included, without a final newline.</summary>
    public static readonly string GlobalChangedRegion = Lf("""
        # BEGIN meshinfra global
        global:53 {
            errors
            cache 30
            hosts {
                240.0.0.2 httpbin.bar.global
                240.0.0.9 ratings.default.global
                240.0.0.4 reviews.default.global
                fallthrough
            }
            forward . /etc/resolv.conf
        }
        # END meshinfra global
        """);
}
