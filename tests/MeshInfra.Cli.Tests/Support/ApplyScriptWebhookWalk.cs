using MeshInfra.Injection;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Cli.Tests.Support;

/// <summary>
/// One cluster's MutatingWebhookConfigurations, changed by the calls a rendered apply.sh made, one call
/// at a time, as the API server and Helm change them: <c>helm upgrade --install</c> makes what the
/// chart renders for the values file it was given (<see cref="IstiodChartWebhooks"/>, the evaluation the
/// Pulumi-order walk uses), <c>helm uninstall</c> deletes it, <c>kubectl apply -f</c> of a webhook
/// configuration makes exactly that object, <c>kubectl apply --server-side</c> of one patches the
/// selectors of the webhooks it names where the object exists, <c>kubectl delete</c> deletes it. The
/// injection matrix is checked after every change (in an install from nothing, after each change that
/// creates pods); each wrong count is kept with the call that caused it. Every existence check the script made must have been answered as the cluster stood at that call.
/// </summary>
internal sealed class ApplyScriptWebhookWalk
{
    private const string WebhookKind = "mutatingwebhookconfiguration";

    private readonly ClusterWebhooks webhooks = new();
    private readonly HashSet<string> labelled = new(StringComparer.Ordinal);
    private readonly List<string> violations = [];

    public ClusterWebhooks Webhooks => webhooks;

    /// <summary>Each wrong count, as <c>&lt;step&gt;, after &lt;call&gt;: &lt;labels&gt;: &lt;injectors&gt;</c>.</summary>
    public IReadOnlyList<string> Violations => violations;

    /// <summary>The webhook configurations applied with MeshInfra's ownership label: what the prune step finds by label.</summary>
    public IEnumerable<string> Labelled => labelled.Order(StringComparer.Ordinal);

    /// <summary>
    /// Plays one run's calls in order and checks the matrix against the revisions the scenario has named
    /// so far: after every change, or, for an install from nothing (<paramref name="everyChange"/> false:
    /// before its istiod nothing injects), after each change that creates pods (a gateway release, a
    /// workload). Returns the number of changes played and of checks made.
    /// </summary>
    public (int Changes, int Checks) Play(string step, IReadOnlyList<ClusterCall> calls, IReadOnlyCollection<string> revisionsSeen, bool everyChange)
    {
        var (changes, checks) = (0, 0);
        foreach (var call in calls)
        {
            if (!call.IsChange)
            {
                AnsweredAsTheClusterStood(step, call);
                continue;
            }

            changes++;
            var createsPods = Change(call);
            if (everyChange || createsPods)
            {
                checks++;
                violations.AddRange(InjectionMatrix.Violations(webhooks, revisionsSeen).Select(v => $"{step}, after {Short(call)}: {v}"));
            }
        }

        return (changes, checks);
    }

    private void AnsweredAsTheClusterStood(string step, ClusterCall query)
    {
        var get = query.Words.ToList().IndexOf("get");
        Assert.True(get > 0 && query.Words[get + 1] == WebhookKind, $"{step}: apply.sh checked for something the walk does not model: {query}");
        var exists = webhooks.Config(query.Words[get + 2]) is not null;
        Assert.True(exists == (query.Kind == ClusterCall.Found), $"{step}: the stand-in answered '{query}' from the run's start, but at that call the configuration {(exists ? "existed" : "did not exist")}");
    }

    /// <summary>Plays one change; true when it creates pods, which the API server admits through the webhooks as they stand.</summary>
    private bool Change(ClusterCall call)
    {
        switch (call.Words)
        {
            case ["helm", "upgrade", "--install", var release, ..]:
                var repo = call.Flag("--repo");
                var chart = repo is null ? call.Words[4][(call.Words[4].LastIndexOf('/') + 1)..] : call.Words[call.Words.ToList().IndexOf("--repo") + 2];
                webhooks.Install(Release(call, release), chart, call.Flag("--version")!, RenderedYaml.Map(call.Flag("--values")!));
                return chart == "gateway";
            case ["helm", "uninstall", var release, ..]:
                webhooks.Remove(Release(call, release));
                return false;
            case ["kubectl", ..] when Verb(call) == "apply":
                var file = call.Flag("-f")!;
                if (file == "-")
                {
                    // The cacerts Secret, made from the user's CA files on stdin.
                    return false;
                }

                var manifest = RenderedYaml.Map(file);
                var kind = (string?)((ScalarNode?)manifest["kind"])?.Value;
                if (kind != "MutatingWebhookConfiguration")
                {
                    return kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Job" or "Pod";
                }

                var name = (string)((ScalarNode)manifest.At("metadata", "name")!).Value;
                if (call.Words.Contains("--server-side"))
                {
                    webhooks.Patch(name, manifest);
                }
                else
                {
                    webhooks.Apply($"kubectl {name}", name, manifest);
                    if (manifest.At("metadata", "labels", OwnershipLabels.ManagedByKey) is ScalarNode { Value: OwnershipLabels.ManagedBy })
                    {
                        labelled.Add(name);
                    }
                }

                return false;
            case ["kubectl", ..] when Verb(call) == "delete":
                var at = call.Words.ToList().IndexOf("delete");
                if (call.Words[at + 1].Split('.')[0] == WebhookKind)
                {
                    webhooks.Delete(call.Words[at + 2]);
                    labelled.Remove(call.Words[at + 2]);
                }

                return false;
            case ["kubectl", ..] when Verb(call) == "create":
                // Only ever a client-side dry run (the cacerts Secret piped into a server-side apply).
                Assert.Contains("--dry-run=client", call.Words);
                return false;
            default:
                Assert.Fail($"apply.sh made a change the walk does not model: {call}");
                return false;
        }
    }

    /// <summary>kubectl's verb: the first word after the global flags (--context X, --kubeconfig X).</summary>
    private static string Verb(ClusterCall call)
    {
        for (var i = 1; i < call.Words.Count; i++)
        {
            if (call.Words[i] is "--context" or "--kubeconfig")
            {
                i++;
                continue;
            }

            return call.Words[i];
        }

        return "";
    }

    private static string Release(ClusterCall call, string release) => $"helm {call.Flag("--namespace")}/{release}";

    /// <summary>A call as a reader names it: the release or the manifest file, not the whole line.</summary>
    private static string Short(ClusterCall call) => call.Words switch
    {
        ["helm", "upgrade", "--install", var release, ..] => $"helm upgrade --install {release}",
        ["helm", "uninstall", var release, ..] => $"helm uninstall {release}",
        _ when call.Flag("-f") is { } file and not "-" => $"kubectl {Verb(call)}{(call.Words.Contains("--server-side") ? " --server-side" : "")} {Path.GetFileName(file)}",
        _ => string.Join(' ', call.Words.Where(w => !w.StartsWith("--context", StringComparison.Ordinal)).Take(4)),
    };
}
