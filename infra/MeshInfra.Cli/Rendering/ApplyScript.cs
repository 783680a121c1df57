using System.Text;
using MeshInfra.Model;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The kubectl layout's <c>apply.sh</c> for one cluster: the plan's steps as kubectl and helm commands,
/// layer by layer (the NN of the file names), so every dependency is applied first. Paths are relative
/// to the script's folder, so the render can be moved or committed. Same steps, same bytes.
/// </summary>
public sealed class ApplyScript
{
    /// <summary>The variable naming the directory with the cluster's CA files; the cacerts Secret is never rendered.</summary>
    public const string CacertsVariable = "MESHINFRA_CACERTS_DIR";

    private readonly StringBuilder text = new();
    private readonly CacertsCheckStep cacertsCheck;
    private readonly string kubectl;
    private readonly string helmContext;
    private string? layer;
    private string indent = "";

    /// <param name="meshId">The mesh's id, for the header.</param>
    /// <param name="cluster">The cluster the script applies, reached through its kubeconfig context.</param>
    /// <param name="cacerts">The cluster's cacerts Secret, checked before anything is applied; null when the plan has none.</param>
    /// <param name="caProfile">The file describing the intermediate CA the Secret must hold, relative to the script.</param>
    /// <param name="kubeconfigBase">The folder a relative kubeconfig path is relative to (the stack file's).</param>
    /// <param name="otherClusters">The mesh's other clusters and the kubectl that reaches each, to compare roots with.</param>
    /// <param name="rootFingerprint">The SHA-256 of the stack's provided root certificate, when the stack holds it; else null.</param>
    /// <param name="rootFiles">The root files the CA folder holds and how they make the Secret (several during a root rotation).</param>
    public ApplyScript(string meshId, ClusterSpec cluster, PlannedObject? cacerts, string? caProfile, string kubeconfigBase, IReadOnlyList<(string Name, string Kubectl)> otherClusters, string? rootFingerprint, CacertsRootFiles rootFiles)
    {
        cacertsCheck = new CacertsCheckStep(otherClusters, rootFingerprint, rootFiles);
        // A kubeconfig given as a path is passed on; one given inline (its contents) may hold credentials
        // and is never written, so then the script relies on the ambient kubeconfig and says so.
        var kubeconfigPath = cluster.Kubeconfig is { } k && !k.Contains('\n', StringComparison.Ordinal) ? k : null;
        var kubeconfigFlag = kubeconfigPath is null ? "" : $" --kubeconfig {KubeconfigWord(kubeconfigPath, kubeconfigBase)}";
        kubectl = KubectlFor(cluster, kubeconfigBase);
        helmContext = $"--kube-context {ShellWords.Quote(cluster.Context)}{kubeconfigFlag}";

        Line("#!/usr/bin/env bash");
        Line($"# Written by meshinfra render --layout kubectl: applies cluster {cluster.Name} of mesh {meshId} by hand.");
        Line("# Each step is one dependency layer (the NN of the file names) and needs only the steps before it.");
        Line("# Needs kubectl, and helm 3.8 or later (OCI charts). Run it again after a change: every step is an");
        Line("# apply or an upgrade --install. At the end it deletes the objects this stack applied before and no");
        Line("# longer renders (only objects carrying this stack's labels, never a namespace), and uninstalls the");
        Line("# Helm releases it no longer has that carry its marker (never base), once no other cluster dials an old");
        Line("# east-west gateway.");
        Line("set -euo pipefail");
        if (cluster.SecretKubeconfig is not null)
        {
            // Neither the value (meshinfra never decrypts it) nor the config key (a config value) is written.
            Line($"# The stack gives cluster {cluster.Name}'s kubeconfig as a Pulumi secret, which meshinfra never decrypts:");
            Line("# write it to a file outside the repository (pulumi config get --path with the cluster's");
            Line("# clusters[].kubeconfig key prints it) and run this with KUBECONFIG naming that file.");
            Line("if [ -z \"${KUBECONFIG:-}\" ]; then");
            Line($"  printf '%s\\n' >&2 {SingleQuoted($"cluster {cluster.Name}: its kubeconfig is a Pulumi secret that meshinfra never decrypts; set KUBECONFIG to a file holding it (pulumi config get --path '{cluster.SecretKubeconfig.ConfigKey}' > FILE, outside the repository)")}");
            Line("  exit 2");
            Line("fi");
        }
        else if (cluster.Kubeconfig is not null && kubeconfigPath is null)
        {
            // No config value in a comment: a comment ends at a line break, and what follows runs.
            // The context appears only as a quoted word of the commands below.
            Line($"# The stack gives cluster {cluster.Name}'s kubeconfig inline, which is not written here: make its context");
            Line("# reachable through KUBECONFIG before running this.");
        }

        Line();
        Line("here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"");
        if (cacerts is not null)
        {
            foreach (var line in cacertsCheck.Lines(cluster.Name, cacerts, caProfile))
            {
                Line(line);
            }
        }
    }

    public string Text => text.ToString();

    /// <summary>Starts the step of one dependency layer (a no-op when it is the current one).</summary>
    public void Layer(string number)
    {
        if (layer == number)
        {
            return;
        }

        layer = number;
        Line();
        Line($"# Layer {number}");
    }

    public void Apply(string manifest) => Line($"{kubectl} apply -f \"$here/{manifest}\"");

    /// <summary>
    /// A server-side patch of an object another owner (a Helm release) made: forced, since Helm owns
    /// those fields, and only where the object still exists, since a patch of a missing object would
    /// create a half one. Run again after the handover, it does nothing.
    /// </summary>
    public void ServerSidePatch(string manifest, string kind, string name)
    {
        Line($"if {kubectl} get {ShellWords.Quote(kind.ToLowerInvariant())} {ShellWords.Quote(name)} >/dev/null 2>&1; then");
        Line($"  {kubectl} apply --server-side --force-conflicts --field-manager meshinfra -f \"$here/{manifest}\"");
        Line("fi");
    }

    /// <summary>
    /// One Helm release. An oci:// repository names the chart by URL; an https one takes --repo and the
    /// chart name. --wait as Pulumi's release waits: Istio's custom resources need istiod's webhook up.
    /// </summary>
    public void Helm(PlannedRelease release, string valuesFile)
    {
        var chart = release.RepositoryUrl is { } repo ? $"--repo {ShellWords.Quote(repo)} {ShellWords.Quote(release.Chart)}" : ShellWords.Quote(release.ChartReference);
        Line($"helm upgrade --install {ShellWords.Quote(release.ReleaseName)} {chart} --version {ShellWords.Quote(release.Version)} --namespace {ShellWords.Quote(release.Namespace)} {helmContext} --values \"$here/{valuesFile}\" --wait");
    }

    /// <summary>The cacerts Secret, made from the user's CA files (checked at the top), never from a rendered placeholder.</summary>
    public void Cacerts(PlannedObject secret)
    {
        var meta = secret.Object.Metadata;
        Line($"# Secret {meta.Namespace}/{meta.Name} from ${CacertsVariable}: its keys are generated at deploy time and never rendered.");
        // root-cert.pem comes from the work folder, where the check put the phase's roots together.
        var files = string.Concat(CacertsCheckStep.Keys(secret).Select(k => $" --from-file={ShellWords.Quote(k)}=\"{(k == CacertsRootFiles.RootFile ? "$work" : "$cacerts")}/{k}\""));
        Line($"{kubectl} create secret generic {ShellWords.Quote(meta.Name)} --namespace {ShellWords.Quote(meta.Namespace ?? "default")}{files} \\");
        // Server-side apply: a client-side apply would copy the whole Secret, CA key included, into the
        // kubectl.kubernetes.io/last-applied-configuration annotation, readable by anyone who can read the
        // Secret's metadata; server-side apply keeps field ownership in managedFields and never writes it.
        Line($"  --dry-run=client -o yaml | {kubectl} apply --server-side --field-manager meshinfra -f -");
    }

    /// <summary>The Corefile edit, which kubectl cannot make without replacing the rest of the Corefile: printed, by hand.</summary>
    public void Corefile(PlannedDnsChange change, string blockFile) => Manual(
        "kubectl apply would replace the whole Corefile, and the live one is the cluster's",
        [
            $"MANUAL STEP (CoreDNS): add the server block in {blockFile} (beside this script), with its",
            $"BEGIN/END meshinfra marker lines, at the end of key {change.DataKey} of ConfigMap {PlannedDnsChange.ConfigMapNamespace}/{change.ConfigMapName},",
            "keeping everything else as it is. CoreDNS's reload plugin picks it up within a minute:",
            $"  {kubectl} -n {PlannedDnsChange.ConfigMapNamespace} edit configmap {change.ConfigMapName}",
        ]);

    /// <summary>dns: remove, by hand for the same reason.</summary>
    public void CorefileRemoval(PlannedDnsChange change) => Manual(
        "kubectl cannot cut one server block out of the live Corefile",
        [
            $"MANUAL STEP (CoreDNS, dns: remove): delete the lines from '# BEGIN meshinfra {change.Block.GlobalDomain}'",
            $"to '# END meshinfra {change.Block.GlobalDomain}' in key {change.DataKey} of ConfigMap {PlannedDnsChange.ConfigMapNamespace}/{change.ConfigMapName}:",
            $"  {kubectl} -n {PlannedDnsChange.ConfigMapNamespace} edit configmap {change.ConfigMapName}",
        ]);

    /// <summary>
    /// The last step, as <c>pulumi up</c> deletes last: what this stack applied or installed before and no
    /// longer has. First the Helm releases are found (<see cref="RemovalStep"/>); if an old east-west
    /// gateway is among them and another cluster still dials it, nothing is removed this run. Else the
    /// objects carrying this stack's labels that this render no longer has are deleted (the candidates
    /// come from the cluster by label selector, so an object without our labels is never one; namespaces
    /// are never deleted, since that deletes everything in them: they are listed), then the releases are
    /// uninstalled, gateways before istiod, each after its replacement was installed with --wait above.
    /// </summary>
    public void RemoveWhatTheStackNoLongerHas(string selector, IReadOnlyList<Model.Manifests.KubeObject> rendered, IReadOnlyList<ReleaseLookup> lookups, EastWestDial dial)
    {
        var kinds = PrunableKinds.Union(rendered.Where(o => o.Kind != "Namespace").Select(o => $"{o.Kind.ToLowerInvariant()}{(o.Group.Length == 0 ? "" : "." + o.Group)}"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Line();
        Line("# Last, as pulumi up deletes last: what this stack applied or installed before and no longer has.");
        Line("# Helm releases are looked for by MeshInfra's names and namespaces: istiod and istiod-<revision> in");
        Line("# istio-system, and each gateway in istio-system (where gateways ran before they had their own namespaces)");
        Line($"# or in its own namespace where the stack no longer runs it; never base. {ShortList(lookups)}");
        Line($"selector={ShellWords.Quote(selector)}");
        foreach (var line in RemovalStep.FindReleases(lookups, helmContext))
        {
            Line(line);
        }

        Line("# An old east-west gateway goes only once no other cluster dials it: pulumi up deletes it after every");
        Line("# cluster's ServiceEntries took the new address, but each cluster's script runs on its own.");
        foreach (var line in RemovalStep.CheckEastWestDial(dial))
        {
            Line(line);
        }

        Line("if [[ -n \"$dialled\" ]]; then");
        Line("  echo \"apply.sh: removing nothing this run, since the old east-west gateway still carries traffic: ${dialled}run this script again once the other clusters' apply.sh have run\" >&2");
        Line("else");
        indent = "  ";
        Line("# Objects: candidates are found by this stack's labels; those this render has are kept.");
        // printf of single-quoted lines, as everywhere in the script: no here-document. The lookups below use
        // grep without -q: it reads all its input, so printf never meets a closed pipe, which pipefail would
        // turn into "not rendered" and a delete.
        Line("rendered=\"$(printf '%s\\n' \\");
        var keys = rendered.Select(Key).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            Line($"  {SingleQuoted(keys[i])}{(i < keys.Count - 1 ? " \\" : "")}");
        }

        Line(")\"");
        Line($"{kubectl} get {string.Join(',', kinds)} --all-namespaces -l \"$selector\" \\");
        // '|' between the fields: a cluster-scoped object's namespace is empty, which spaces would swallow.
        Line("  -o jsonpath='{range .items[*]}{.apiVersion}{\"|\"}{.kind}{\"|\"}{.metadata.namespace}{\"|\"}{.metadata.name}{\"\\n\"}{end}' |");
        Line("while IFS='|' read -r api kind namespace name; do");
        Line("  group=\"\"; [[ \"$api\" == */* ]] && group=\"${api%/*}\"");
        Line("  if ! printf '%s\\n' \"$rendered\" | grep -xF \"$group/$kind/$namespace/$name\" >/dev/null; then");
        Line("    echo \"apply.sh: deleting $kind $namespace/$name: this stack no longer renders it\" >&2");
        Line($"    {kubectl} delete \"$kind${{group:+.$group}}\" \"$name\" ${{namespace:+--namespace \"$namespace\"}} --ignore-not-found");
        Line("  fi");
        Line("done");
        Line($"{kubectl} get namespaces -l \"$selector\" -o jsonpath='{{range .items[*]}}{{.metadata.name}}{{\"\\n\"}}{{end}}' |");
        Line("while read -r namespace; do");
        Line("  if ! printf '%s\\n' \"$rendered\" | grep -xF \"/Namespace//$namespace\" >/dev/null; then");
        Line("    echo \"apply.sh: namespace $namespace is no longer rendered and is kept (it may hold other workloads); delete it yourself when it is empty\" >&2");
        Line("  fi");
        Line("done");
        Line("# Releases, in order: gateways, then istiod.");
        Line($"while read -r namespace release; do");
        Line("  [[ -n \"$release\" ]] || continue");
        Line("  echo \"apply.sh: uninstalling Helm release $namespace/$release, which the stack no longer has\" >&2");
        Line($"  helm uninstall \"$release\" --namespace \"$namespace\" {helmContext} --wait");
        Line($"done < <(printf '%s' \"${RemovalStep.Gone}\")");
        indent = "";
        Line("fi");
    }

    /// <summary>
    /// The comment naming where the script looks: MeshInfra's own namespace and release names, never a
    /// config value (a comment ends at a line break, and what follows runs).
    /// </summary>
    private static string ShortList(IReadOnlyList<ReleaseLookup> lookups) =>
        "Looks at " + string.Join(", ", lookups.Select(l => $"{l.Namespace}/{l.Pattern.Trim('^', '$')}")) + ".";


    /// <summary>The manual CoreDNS step again, last: at its own layer it scrolls away under the rest of the output.</summary>
    /// <param name="change">The cluster's CoreDNS change.</param>
    /// <param name="stackFile">The stack file's name, for the splice command (run beside it).</param>
    /// <param name="clusterName">The cluster the script applies.</param>
    public void ManualReminder(PlannedDnsChange change, string stackFile, string clusterName)
    {
        Line();
        Line("# The CoreDNS step above is manual; it is repeated here so it is the last thing printed.");
        // printf of single-quoted lines, as the manual steps: no here-document a config value could end.
        string[] lines =
        [
            change.Mode == DnsMode.Remove
                ? $"REMINDER (CoreDNS, dns: remove): take MeshInfra's {change.Block.GlobalDomain} block out of key {change.DataKey} of ConfigMap {PlannedDnsChange.ConfigMapNamespace}/{change.ConfigMapName}, see above."
                : $"REMINDER (CoreDNS): splice MeshInfra's {change.Block.GlobalDomain} block into key {change.DataKey} of ConfigMap {PlannedDnsChange.ConfigMapNamespace}/{change.ConfigMapName}, see above.",
            "Without an editor:",
            $"  {kubectl} -n {PlannedDnsChange.ConfigMapNamespace} get configmap {change.ConfigMapName} -o jsonpath='{{.data.{change.DataKey}}}' > Corefile",
            $"  meshinfra coredns splice {ShellWords.Quote(stackFile)} --cluster {ShellWords.Quote(clusterName)} --corefile Corefile",
            $"  {kubectl} -n {PlannedDnsChange.ConfigMapNamespace} create configmap {change.ConfigMapName} --from-file={change.DataKey}=Corefile --dry-run=client -o yaml | {kubectl} apply -f -",
        ];
        Line("printf '%s\\n' >&2 \\");
        for (var i = 0; i < lines.Length; i++)
        {
            Line($"  {SingleQuoted(lines[i])}{(i < lines.Length - 1 ? " \\" : "")}");
        }
    }

    /// <summary>
    /// A step the script cannot do: it prints the instruction and goes on. Each line is one single-quoted
    /// printf argument, never a here-document, whose end marker a config value could write itself.
    /// </summary>
    private void Manual(string why, IReadOnlyList<string> instruction)
    {
        Line($"# MANUAL STEP: {why}, so this prints what to do and goes on.");
        Line("printf '%s\\n' >&2 \\");
        for (var i = 0; i < instruction.Count; i++)
        {
            Line($"  {SingleQuoted(instruction[i])}{(i < instruction.Count - 1 ? " \\" : "")}");
        }
    }

    /// <summary>
    /// Every kind MeshInfra renders or federates, so a kind whose last object was removed is still looked
    /// at: Istio's networking, security, telemetry and extensions kinds, and the sample workloads' kinds.
    /// </summary>
    private static readonly string[] PrunableKinds =
    [
        "authorizationpolicy.security.istio.io", "deployment.apps", "destinationrule.networking.istio.io", "envoyfilter.networking.istio.io",
        "gateway.networking.istio.io", "peerauthentication.security.istio.io", "proxyconfig.networking.istio.io",
        "requestauthentication.security.istio.io", "service", "serviceaccount", "serviceentry.networking.istio.io", "sidecar.networking.istio.io",
        "telemetry.telemetry.istio.io", "virtualservice.networking.istio.io", "wasmplugin.extensions.istio.io",
        "workloadentry.networking.istio.io", "workloadgroup.networking.istio.io",
    ];

    /// <summary>The kubectl command that reaches <paramref name="cluster"/>: its context, and its kubeconfig when given as a path.</summary>
    public static string KubectlFor(ClusterSpec cluster, string kubeconfigBase)
    {
        var path = cluster.Kubeconfig is { } k && !k.Contains('\n', StringComparison.Ordinal) ? k : null;
        return $"kubectl --context {ShellWords.Quote(cluster.Context)}{(path is null ? "" : $" --kubeconfig {KubeconfigWord(path, kubeconfigBase)}")}";
    }

    private static string Key(Model.Manifests.KubeObject o) => $"{o.Group}/{o.Kind}/{o.Metadata.Namespace}/{o.Metadata.Name}";

    /// <summary>
    /// A kubeconfig path as kubectl would read it from where the stack is: <c>~/</c> is the user's home at
    /// run time (quoted, the shell would not expand it), a relative path is the stack file's folder's.
    /// </summary>
    private static string KubeconfigWord(string path, string stackFolder)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            return "\"$HOME\"" + (path.Length > 2 ? ShellWords.Quote(path[1..]) : "");
        }

        return ShellWords.Quote(Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(stackFolder, path)));
    }

    private static string SingleQuoted(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private void Line(string line = "") => text.Append(line.Length == 0 ? "" : indent).Append(line).Append('\n');
}
