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
            template IN A {
                match ^httpbin[.]bar[.]global[.]$
                answer "httpbin.bar.global. 30 IN A 240.0.0.2"
                fallthrough
            }
            template IN A {
                match ^reviews[.]default[.]global[.]$
                answer "reviews.default.global. 30 IN A 240.0.0.3"
                fallthrough
            }
            template ANY ANY {
                match ^global[.]$ ^httpbin[.]bar[.]global[.]$ ^reviews[.]default[.]global[.]$
                authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                fallthrough
            }
            template ANY ANY {
                rcode NXDOMAIN
                authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
            }
        }
        # END meshinfra global
        """);

    /// <summary>The same mesh after a service was added and one moved, markers included, without a final newline.</summary>
    public static readonly string GlobalChangedRegion = Lf("""
        # BEGIN meshinfra global
        global:53 {
            errors
            cache 30
            template IN A {
                match ^httpbin[.]bar[.]global[.]$
                answer "httpbin.bar.global. 30 IN A 240.0.0.2"
                fallthrough
            }
            template IN A {
                match ^ratings[.]default[.]global[.]$
                answer "ratings.default.global. 30 IN A 240.0.0.9"
                fallthrough
            }
            template IN A {
                match ^reviews[.]default[.]global[.]$
                answer "reviews.default.global. 30 IN A 240.0.0.4"
                fallthrough
            }
            template ANY ANY {
                match ^global[.]$ ^httpbin[.]bar[.]global[.]$ ^ratings[.]default[.]global[.]$ ^reviews[.]default[.]global[.]$
                authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
                fallthrough
            }
            template ANY ANY {
                rcode NXDOMAIN
                authority "global. 30 IN SOA ns.global. hostmaster.global. 1 7200 1800 86400 30"
            }
        }
        # END meshinfra global
        """);
}
