using MeshInfra.Model;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The top of <c>apply.sh</c> when the plan has a cacerts Secret: the lines that check the CA files the
/// user provides (present, one CA, the mesh's root, the roots the other clusters hold) before anything is
/// applied, since MeshInfra never renders CA keys and a wrong Secret would start istiod with a CA the
/// other clusters do not trust.
/// </summary>
internal sealed class CacertsCheckStep
{
    private readonly List<string> lines = [];
    private readonly IReadOnlyList<(string Name, string Kubectl)> otherClusters;
    private readonly string? rootFingerprint;
    private readonly CacertsRootFiles rootFiles;

    /// <param name="otherClusters">The mesh's other clusters and the kubectl that reaches each, to compare roots with.</param>
    /// <param name="rootFingerprint">The SHA-256 of the stack's provided root certificate, when the stack holds it; else null.</param>
    /// <param name="rootFiles">The root files the CA folder holds and how they make the Secret (several during a root rotation).</param>
    public CacertsCheckStep(IReadOnlyList<(string Name, string Kubectl)> otherClusters, string? rootFingerprint, CacertsRootFiles rootFiles)
    {
        this.otherClusters = otherClusters;
        this.rootFingerprint = rootFingerprint;
        this.rootFiles = rootFiles;
    }

    /// <summary>The cacerts entries, as the plan names them (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem).</summary>
    public static IReadOnlyList<string> Keys(PlannedObject secret) =>
        MeshPlanner.DeferredIn(secret.Object.Body).OfType<GeneratedCertificate>().Select(c => c.SecretKey).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Checked before the first step, so a missing CA file stops the script with nothing applied.</summary>
    public IReadOnlyList<string> Lines(string cluster, PlannedObject secret, string? caProfile)
    {
        var files = rootFiles.FolderFiles(Keys(secret));
        var list = string.Join(", ", files);
        var profile = caProfile is null ? "" : $" (an intermediate CA as described in $here/{caProfile}, signed by the mesh's root)";
        Line();
        Line($"# Istio's CA for {cluster}: the cacerts Secret is made from files you provide{(caProfile is null ? "" : ", as the profile in " + caProfile + " describes")}.");
        Line("# MeshInfra never renders CA keys, and a placeholder Secret would start istiod with a broken CA.");
        if (rootFiles.Phase is { } phase)
        {
            var name = RootRotationSpec.Name(phase);
            Line($"# Root rotation, phase {name}: {string.Join(" and ", rootFiles.Bundle.Select(Role))}, one certificate each; the Secret's");
            Line($"# root-cert.pem holds {string.Join(" then ", rootFiles.Bundle)} (as the Pulumi program writes it), and cert-chain.pem ends at");
            Line($"# {rootFiles.Signer}, the root that signs {cluster}'s intermediate in this phase.");
        }

        Line($"cacerts=\"${{{ApplyScript.CacertsVariable}:-}}\"");
        Line("if [[ -z \"$cacerts\" ]]; then");
        Line($"  echo \"apply.sh: set {ApplyScript.CacertsVariable} to a directory holding {cluster}'s {list}{profile}; nothing was applied\" >&2");
        Line("  exit 2");
        Line("fi");
        Line($"for file in {string.Join(' ', files.Select(ShellWords.Quote))}; do");
        Line("  if [[ ! -f \"$cacerts/$file\" ]]; then");
        Line($"    echo \"apply.sh: $cacerts/$file is missing; {ApplyScript.CacertsVariable} must hold {list}; nothing was applied\" >&2");
        Line("    exit 2");
        Line("  fi");
        Line("done");
        CacertsContents(cluster);
        return lines;
    }

    private static string Role(string file) => file == CacertsRootFiles.NewRootFile ? $"{file} is the new root" : $"{file} the old root";

    /// <summary>
    /// The files must make one CA, the mesh's: the key is ca-cert.pem's, each root file is one
    /// self-signed certificate, cert-chain.pem ends at the root that signs this cluster's intermediate
    /// and ca-cert.pem verifies against it, the root is the stack's (when the stack gives it), and
    /// every other cluster that already has a cacerts Secret holds the same roots (during a rotation:
    /// at least one of them, since clusters take a phase one at a time). A mismatch would start istiod
    /// with a CA the other clusters do not trust: cross-cluster mTLS fails, silently. Istio pools every
    /// certificate of root-cert.pem as a root and every one of cert-chain.pem as an intermediate
    /// (security/pkg/pki/util/keycertbundle.go, Verify, 1.30.3 and 1.31.0-rc.0).
    /// </summary>
    private void CacertsContents(string cluster)
    {
        var signer = rootFiles.Signer;
        var roots = string.Join(' ', rootFiles.Bundle.Select(ShellWords.Quote));
        Line("fail() { echo \"apply.sh: $1; nothing was applied\" >&2; exit 2; }");
        Line("command -v openssl >/dev/null || fail \"openssl is needed to check the CA files in $cacerts\"");
        // An array, not a word list: outside a rotation it holds one file, and a loop over one literal word
        // reads as a mistake (shellcheck SC2043).
        Line($"roots=({roots})");
        Line("for file in ca-cert.pem cert-chain.pem \"${roots[@]}\"; do");
        Line("  openssl x509 -noout -in \"$cacerts/$file\" 2>/dev/null || fail \"$cacerts/$file is not a PEM certificate\"");
        Line("done");
        Line("for file in \"${roots[@]}\"; do");
        Line("  [[ \"$(grep -c -e '-----BEGIN CERTIFICATE-----' \"$cacerts/$file\")\" == 1 ]] || fail \"$cacerts/$file holds more than one certificate; give one root per file" + (rootFiles.Rotating ? " (apply.sh puts the phase's roots together)" : "") + "\"");
        Line("  openssl verify -CAfile \"$cacerts/$file\" \"$cacerts/$file\" >/dev/null 2>&1 || fail \"$cacerts/$file is not a self-signed root CA certificate\"");
        Line("done");
        Line("openssl pkey -noout -in \"$cacerts/ca-key.pem\" 2>/dev/null || fail \"$cacerts/ca-key.pem is not a PEM private key\"");
        Line("[[ \"$(openssl x509 -noout -pubkey -in \"$cacerts/ca-cert.pem\")\" == \"$(openssl pkey -pubout -in \"$cacerts/ca-key.pem\")\" ]] \\");
        Line("  || fail \"$cacerts/ca-key.pem is not the key of $cacerts/ca-cert.pem\"");
        Line("fingerprint() { openssl x509 -noout -fingerprint -sha256 | sed 's/.*=//; s/://g'; }");
        // A work folder for the assembled root-cert.pem and for splitting bundles; removed however the script ends.
        Line("work=\"$(mktemp -d)\"");
        Line("trap 'rm -rf \"$work\"' EXIT");
        Line("# Every certificate's fingerprint in a PEM bundle on stdin, one a line, sorted.");
        Line("fingerprints() {");
        Line("  awk -v dir=\"$work\" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (dir \"/split-\" n \".pem\") } END { for (i = 1; i <= n; i++) { f = dir \"/split-\" i \".pem\"; close(f); print f } }' |");
        Line("    while read -r part; do fingerprint < \"$part\"; rm -f \"$part\"; done | sort");
        Line("}");
        Line("for file in \"${roots[@]}\"; do");
        Line("  cat \"$cacerts/$file\"");
        Line("  [[ -z \"$(tail -c 1 \"$cacerts/$file\")\" ]] || echo");
        Line("done > \"$work/root-cert.pem\"");
        Line("ours=\"$(fingerprints < \"$work/root-cert.pem\")\"");
        var why = rootFiles.Phase is { } phase
            ? $"it is the intermediate, then the root that signs {cluster}'s intermediate in phase {RootRotationSpec.Name(phase)}"
            : "it is the intermediate, then the root";
        Line($"signer=\"$(fingerprint < \"$cacerts/{signer}\")\"");
        Line("last=\"$(awk '/-----BEGIN CERTIFICATE-----/ { last = \"\" } { last = last $0 \"\\n\" } END { printf \"%s\", last }' \"$cacerts/cert-chain.pem\" | fingerprint)\"");
        Line($"[[ \"$last\" == \"$signer\" ]] || fail \"$cacerts/cert-chain.pem does not end at {signer} ({why})\"");
        Line($"openssl verify -CAfile \"$cacerts/{signer}\" -untrusted \"$cacerts/cert-chain.pem\" \"$cacerts/ca-cert.pem\" >/dev/null 2>&1 \\");
        Line($"  || fail \"$cacerts/ca-cert.pem is not signed by {signer} through cert-chain.pem\"");
        if (rootFiles.Rotating)
        {
            // What istiod does with the Secret: every root of the bundle in one pool (keycertbundle.go, Verify).
            Line("openssl verify -CAfile \"$work/root-cert.pem\" -untrusted \"$cacerts/cert-chain.pem\" \"$cacerts/ca-cert.pem\" >/dev/null 2>&1 \\");
            Line($"  || fail \"$cacerts/ca-cert.pem does not verify against the roots {string.Join(" + ", rootFiles.Bundle)} put together\"");
        }

        if (rootFingerprint is { } expected && rootFiles.Bundle.Contains(CacertsRootFiles.RootFile))
        {
            Line($"[[ \"$(fingerprint < \"$cacerts/{CacertsRootFiles.RootFile}\")\" == {expected} ]] || fail \"$cacerts/{CacertsRootFiles.RootFile} is not the stack's root CA (SHA-256 {expected})\"");
        }

        foreach (var (name, other) in otherClusters)
        {
            Line($"theirs=\"$({other} -n istio-system get secret cacerts -o jsonpath='{{.data.root-cert\\.pem}}' 2>/dev/null | base64 -d 2>/dev/null | fingerprints 2>/dev/null || true)\"");
            if (rootFiles.Rotating)
            {
                // Clusters take a phase one deploy at a time: a neighbour may hold one root more or less, never none of ours.
                Line($"[[ -z \"$theirs\" ]] || printf '%s\\n' \"$theirs\" | grep -xF -f <(printf '%s\\n' \"$ours\") >/dev/null \\");
                Line($"  || fail \"none of the roots in {string.Join(", ", rootFiles.Bundle.Select(f => "$cacerts/" + f))} is one cluster {name} has (its cacerts Secret): every cluster of the mesh shares the rotation's roots\"");
            }
            else
            {
                Line($"[[ -z \"$theirs\" || \"$theirs\" == \"$ours\" ]] || fail \"$cacerts/root-cert.pem is not the root cluster {name} has (its cacerts Secret): every cluster of the mesh shares one root\"");
            }
        }
    }

    private void Line(string line = "") => lines.Add(line);
}
