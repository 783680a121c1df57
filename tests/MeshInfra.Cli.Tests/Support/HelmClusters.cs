using MeshInfra.Cli.Rendering;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// Stand-ins for helm and kubectl that keep the Helm releases of each cluster (by kube context) as
/// <c>namespace release</c> lines, so a sequence of rendered apply.sh runs leaves the releases a real
/// cluster would hold: <c>helm upgrade --install</c> adds one, <c>helm uninstall</c> removes one (and
/// fails, as helm does, for a release that is not there), <c>helm list --namespace --filter</c> answers
/// from them. kubectl answers whether a MutatingWebhookConfiguration exists (<see cref="Injector"/>,
/// <see cref="WebhookConfigurations"/>), what another cluster's ServiceEntries dial (<see cref="Dials"/>),
/// and which webhook configurations carry the stack's labels (<see cref="Labelled"/>); its other label
/// listings find nothing. Every helm and kubectl call that changes something is recorded, and
/// <see cref="Transcript"/> keeps those calls with each existence check and its answer, in order and
/// argument by argument.
/// </summary>
internal sealed class HelmClusters
{
    private readonly string state;
    private readonly string bin;
    private readonly string calls;
    private readonly string transcript;

    public HelmClusters(TempDirectory temp)
    {
        state = temp.Combine("clusters");
        bin = temp.Combine("bin");
        calls = temp.Combine("calls.log");
        transcript = temp.Combine("transcript.log");
        Directory.CreateDirectory(state);
        Directory.CreateDirectory(bin);
        File.WriteAllText(calls, "");
        Tool("helm", """
            ctx=""; ns=""; filter=""; verb="$1"; release="$2"
            args=("$@")
            for ((i = 0; i < ${#args[@]}; i++)); do
              case "${args[$i]}" in
                --kube-context) ctx="${args[$((i + 1))]}" ;;
                --namespace) ns="${args[$((i + 1))]}" ;;
                --filter) filter="${args[$((i + 1))]}" ;;
              esac
            done
            file="$STATE/releases-$ctx"; touch "$file"
            case "$verb" in
              list)
                awk -v ns="$ns" '$1 == ns { print $2 }' "$file" | { grep -E "$filter" || true; }
                ;;
              upgrade)
                release="$3"
                echo "helm $*" >> "$CALLS"
                record change helm "$@"
                grep -qxF "$ns $release" "$file" || echo "$ns $release" >> "$file"
                ;;
              uninstall)
                echo "helm $*" >> "$CALLS"
                record change helm "$@"
                grep -qxF "$ns $release" "$file" || { echo "Error: uninstall: Release not loaded: $release: release: not found" >&2; exit 1; }
                grep -vxF "$ns $release" "$file" > "$file.new" || true
                mv "$file.new" "$file"
                ;;
            esac
            """);
        Tool("kubectl", """
            ctx="$2"
            if [[ " $* " == *" get "* ]]; then
              if [[ "$*" == *" get serviceentries.networking.istio.io "* ]]; then
                if [[ -f "$STATE/dials-$ctx" ]]; then cat "$STATE/dials-$ctx"; fi
                exit 0
              fi
              if [[ "$*" == *" get namespaces "* || "$*" == *" get secret "* ]]; then exit 0; fi
              if [[ "$*" == *" -l "* ]]; then
                if [[ "$*" == *mutatingwebhookconfiguration* && -f "$STATE/labelled-$ctx" ]]; then cat "$STATE/labelled-$ctx"; fi
                exit 0
              fi
              args=("$@"); kind=""; name=""
              for ((i = 0; i < ${#args[@]}; i++)); do
                if [[ "${args[$i]}" == get ]]; then kind="${args[$((i + 1))]}"; name="${args[$((i + 2))]}"; break; fi
              done
              answer=absent
              if [[ -f "$STATE/objects-$ctx" ]] && grep -qxF "$kind $name" "$STATE/objects-$ctx"; then answer=found; fi
              record "$answer" kubectl "$@"
              [[ "$answer" == found ]]
              exit
            fi
            echo "kubectl $*" >> "$CALLS"
            record change kubectl "$@"
            """);
    }

    /// <summary>Puts releases (<c>namespace release</c>) into a cluster, as an earlier deploy or someone else left them.</summary>
    public void Install(string context, params string[] releases) =>
        File.AppendAllLines(Path.Combine(state, $"releases-{context}"), releases);

    /// <summary>The releases a cluster holds, sorted.</summary>
    public IReadOnlyList<string> Releases(string context)
    {
        var file = Path.Combine(state, $"releases-{context}");
        return File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>Whether the revision-less injector (istio-sidecar-injector) exists in the cluster.</summary>
    public void Injector(string context, bool exists) => WebhookConfigurations(context, exists ? ["istio-sidecar-injector"] : []);

    /// <summary>The MutatingWebhookConfigurations the cluster holds, by name: what kubectl's get finds.</summary>
    public void WebhookConfigurations(string context, IEnumerable<string> names) =>
        File.WriteAllLines(Path.Combine(state, $"objects-{context}"), names.Select(n => $"mutatingwebhookconfiguration {n}"));

    /// <summary>The MutatingWebhookConfigurations carrying the stack's labels: what the prune step's listing finds.</summary>
    public void Labelled(string context, IEnumerable<string> names) =>
        File.WriteAllLines(Path.Combine(state, $"labelled-{context}"), names.Select(n => $"admissionregistration.k8s.io/v1|MutatingWebhookConfiguration||{n}"));

    /// <summary>The last run's changes and existence checks, in order.</summary>
    public IReadOnlyList<ClusterCall> Transcript { get; private set; } = [];

    /// <summary>What a cluster's ServiceEntries dial, as kubectl's jsonpath prints it: <c>address port port ...</c> lines.</summary>
    public void Dials(string context, params string[] endpoints) =>
        File.WriteAllLines(Path.Combine(state, $"dials-{context}"), endpoints);

    /// <summary>Drops the kubectl stand-in, so the kubectl found on <paramref name="path"/> (a real API server's) runs; <paramref name="kubeconfig"/> reaches it.</summary>
    public void UseRealKubectl(string path, string kubeconfig)
    {
        File.Delete(Path.Combine(bin, "kubectl"));
        (extraPath, this.kubeconfig) = (path, kubeconfig);
    }

    private string? extraPath;
    private string? kubeconfig;

    /// <summary>Runs one cluster's apply.sh; the calls it made that change something, in order.</summary>
    public ScriptRun Apply(string script, string cacertsDir)
    {
        File.WriteAllText(calls, "");
        File.WriteAllText(transcript, "");
        var environment = new Dictionary<string, string?>
        {
            ["CALLS"] = calls,
            ["TRANSCRIPT"] = transcript,
            ["STATE"] = state,
            [ApplyScript.CacertsVariable] = cacertsDir,
        };
        if (kubeconfig is not null)
        {
            environment["KUBECONFIG"] = kubeconfig;
        }

        var (exitCode, stderr) = StubTools.Run(script, extraPath is null ? bin : bin + ":" + extraPath, environment);
        Assert.True(exitCode == 0, stderr);
        Transcript = ClusterCall.Read(File.ReadAllText(transcript));
        return new ScriptRun(exitCode, stderr, File.ReadAllLines(calls).ToList());
    }

    private void Tool(string name, string body)
    {
        // record KIND TOOL ARGS...: one call of the transcript, each word NUL-terminated, the call ended by \1.
        // One printf, so one append: both sides of a pipe (create | apply) record at once.
        const string recorder = "record() { printf '%s\\0' \"$@\" $'\\1' >> \"$TRANSCRIPT\"; }\n";
        StubTools.Write(bin, name, "#!/usr/bin/env bash\nset -euo pipefail\n" + recorder + body + "\n");
    }
}
