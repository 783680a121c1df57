
namespace MeshInfra.Model.Tests.Dns;

/// <summary>Corefiles as real clusters ship them (see shared/reference/coredns.md), plus hand-written awkward ones.</summary>
internal static class Corefiles
{
    /// <summary>kubeadm (and kind) with DNSDomain = cluster.local, copied exactly, including the 7-space nested indent.</summary>
    public static readonly string KubeadmDefault = Golden.Lf("""
        .:53 {
            errors
            health {
               lameduck 5s
            }
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               pods insecure
               fallthrough in-addr.arpa ip6.arpa
               ttl 30
            }
            prometheus :9153
            forward . /etc/resolv.conf {
               max_concurrent 1000
            }
            cache 30 {
               disable success cluster.local
               disable denial cluster.local
            }
            loop
            reload
            loadbalance
        }

        """);

    /// <summary>kubeadm before kubernetes/kubernetes#128359 (about v1.32): a plain <c>cache 30</c>.</summary>
    public static readonly string KubeadmOlder = Golden.Lf("""
        .:53 {
            errors
            health {
               lameduck 5s
            }
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               pods insecure
               fallthrough in-addr.arpa ip6.arpa
               ttl 30
            }
            prometheus :9153
            forward . /etc/resolv.conf {
               max_concurrent 1000
            }
            cache 30
            loop
            reload
            loadbalance
        }

        """);

    /// <summary>The current k3s default, with its top-level import after the last server block.</summary>
    public static readonly string K3sDefault = Golden.Lf("""
        .:53 {
            errors
            health
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa {
              pods insecure
              fallthrough in-addr.arpa ip6.arpa
            }
            hosts /etc/coredns/NodeHosts {
              ttl 60
              reload 15s
              fallthrough
            }
            prometheus :9153
            forward . /etc/resolv.conf
            cache 30
            loop
            reload
            loadbalance
            import /etc/coredns/custom/*.override
        }
        import /etc/coredns/custom/*.server

        """);

    /// <summary>Braces and zone names inside comments and quoted strings, nested blocks, a second server block.</summary>
    public static readonly string CommentsAndNesting = Golden.Lf("""
        # Owned by the platform team { see runbook }
        .:53 {
            errors # log errors } to stderr
            health {
               lameduck 5s
            }
            rewrite name "weird { name" "other } name"
            template IN A example.internal {
                answer "{{ .Name }} 60 IN A 10.0.0.1"
                fallthrough
            }
            # global:53 { was here once
            forward . /etc/resolv.conf
        }
        # } a stray brace in a comment
        example.internal:53 {
            forward . 10.0.0.5 {
                max_concurrent 10
            }
        }

        """);

    /// <summary>The kubeadm default as saved by a Windows editor.</summary>
    public static readonly string KubeadmCrlf = KubeadmDefault.Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>The kubeadm default with the final newline stripped, as some YAML tooling leaves it.</summary>
    public static readonly string KubeadmNoFinalNewline = KubeadmDefault.TrimEnd('\n');

    public static IEnumerable<string> All =>
    [
        KubeadmDefault,
        KubeadmOlder,
        K3sDefault,
        CommentsAndNesting,
        KubeadmCrlf,
        KubeadmNoFinalNewline,
        KubeadmCrlf.TrimEnd('\r', '\n'),
        "",
        "\n",
        ".:53 {\n}\n\n\n",
        ".:53 {\n}\n   ",
    ];

    public static TheoryData<string, string> Named => new()
    {
        { "kubeadm", KubeadmDefault },
        { "kubeadm-older", KubeadmOlder },
        { "k3s", K3sDefault },
        { "comments-and-nesting", CommentsAndNesting },
        { "crlf", KubeadmCrlf },
        { "no-final-newline", KubeadmNoFinalNewline },
        { "crlf-no-final-newline", KubeadmCrlf.TrimEnd('\r', '\n') },
        { "empty", "" },
        { "blank-lines-at-end", ".:53 {\n}\n\n\n" },
        { "whitespace-last-line", ".:53 {\n}\n   " },
    };
}
