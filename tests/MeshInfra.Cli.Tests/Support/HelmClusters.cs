using System.Globalization;
using System.Text.Json.Nodes;
using MeshInfra.Cli.Rendering;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// Stand-ins for helm and kubectl that keep the Helm releases of each cluster (by kube context) as
/// <c>namespace release</c> lines, so a sequence of rendered apply.sh runs leaves the releases a real
/// cluster would hold: <c>helm upgrade --install</c> adds one, <c>helm uninstall</c> removes one (and
/// fails, as helm does, for a release that is not there), <c>helm list --namespace --filter</c> answers
/// from them, and <c>helm get values -o json</c> prints the values a release was installed with. kubectl
/// answers whether a MutatingWebhookConfiguration exists (<see cref="Injector"/>,
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
            ctx=""; ns=""; filter=""; values=""; output=""; verb="$1"; release="$2"
            args=("$@")
            for ((i = 0; i < ${#args[@]}; i++)); do
              case "${args[$i]}" in
                --kube-context) ctx="${args[$((i + 1))]}" ;;
                --namespace) ns="${args[$((i + 1))]}" ;;
                --filter) filter="${args[$((i + 1))]}" ;;
                --values) values="${args[$((i + 1))]}" ;;
                -o) output="${args[$((i + 1))]}" ;;
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
                # The release's values are the file given, replacing the last ones (no --reuse-values).
                rm -f "$STATE/values-$ctx-$ns-$release.json"
                cp "$values" "$STATE/values-$ctx-$ns-$release.yaml"
                ;;
              get)
                release="$3"
                [[ "$2" == values && "$output" == json ]] || { echo "stand-in: only get values -o json" >&2; exit 1; }
                grep -qxF "$ns $release" "$file" || { echo "Error: release: not found" >&2; exit 1; }
                if [[ -f "$STATE/values-$ctx-$ns-$release.json" ]]; then cat "$STATE/values-$ctx-$ns-$release.json"; else echo "null"; fi
                ;;
              uninstall)
                echo "helm $*" >> "$CALLS"
                record change helm "$@"
                grep -qxF "$ns $release" "$file" || { echo "Error: uninstall: Release not loaded: $release: release: not found" >&2; exit 1; }
                grep -vxF "$ns $release" "$file" > "$file.new" || true
                mv "$file.new" "$file"
                rm -f "$STATE/values-$ctx-$ns-$release.json" "$STATE/values-$ctx-$ns-$release.yaml"
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

    /// <summary>
    /// Puts releases (<c>namespace release</c>) into a cluster as a MeshInfra deploy left them: their values
    /// carry MeshInfra's marker, as <c>helm get values -o json</c> prints it (compact JSON, Go's encoder).
    /// </summary>
    public void Install(string context, params string[] releases)
    {
        File.AppendAllLines(Path.Combine(state, $"releases-{context}"), releases);
        foreach (var release in releases.Select(r => r.Split(' ')))
        {
            // The key each chart takes it under: istiod's deploymentAnnotations, the gateway chart's annotations.
            var key = release[1].StartsWith("istiod", StringComparison.Ordinal) ? "deploymentAnnotations" : "annotations";
            File.WriteAllText(ValuesFile(context, release[0], release[1], "json"), $"{{\"{key}\":{{\"meshinfra.io/managed-by\":\"meshinfra\"}}}}\n");
        }
    }

    /// <summary>
    /// Puts releases into a cluster with values that lack MeshInfra's marker: someone else's, or ones an
    /// older MeshInfra installed before it wrote the marker (<paramref name="valuesJson"/>, as helm prints them).
    /// </summary>
    public void InstallWithoutMarker(string context, string valuesJson, params string[] releases)
    {
        File.AppendAllLines(Path.Combine(state, $"releases-{context}"), releases);
        foreach (var release in releases.Select(r => r.Split(' ')))
        {
            File.WriteAllText(ValuesFile(context, release[0], release[1], "json"), valuesJson + "\n");
        }
    }

    /// <summary>What <c>helm get values -o json</c> prints for a release the cluster holds (<c>null</c>: none given).</summary>
    public string Values(string context, string ns, string release)
    {
        var file = ValuesFile(context, ns, release, "json");
        return File.Exists(file) ? File.ReadAllText(file).TrimEnd('\n') : "null";
    }

    private string ValuesFile(string context, string ns, string release, string extension) =>
        Path.Combine(state, $"values-{context}-{ns}-{release}.{extension}");

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
        StoreInstalledValuesAsJson();
        Transcript = ClusterCall.Read(File.ReadAllText(transcript));
        return new ScriptRun(exitCode, stderr, File.ReadAllLines(calls).ToList());
    }

    /// <summary>
    /// The values files <c>helm upgrade --install</c> was given this run, as helm keeps them and prints them
    /// for <c>get values -o json</c>: the stand-in copies the YAML, this turns it into compact JSON.
    /// </summary>
    private void StoreInstalledValuesAsJson()
    {
        foreach (var yaml in Directory.GetFiles(state, "values-*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(yaml)));
            var json = stream.Documents.Count == 0 ? "null" : Json(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
            File.WriteAllText(Path.ChangeExtension(yaml, "json"), json + "\n");
            File.Delete(yaml);
        }
    }

    private static JsonNode? Json(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, Json(e.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Json)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" or "" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } n when long.TryParse(n.Value, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType}."),
    };

    private void Tool(string name, string body)
    {
        // record KIND TOOL ARGS...: one call of the transcript, each word NUL-terminated, the call ended by \1.
        // One printf, so one append: both sides of a pipe (create | apply) record at once. A test that runs
        // the stand-ins itself, without a transcript, records nothing.
        const string recorder = "record() { [[ -z \"${TRANSCRIPT:-}\" ]] || printf '%s\\0' \"$@\" $'\\1' >> \"$TRANSCRIPT\"; }\n";
        StubTools.Write(bin, name, "#!/usr/bin/env bash\nset -euo pipefail\n" + recorder + body + "\n");
    }
}
