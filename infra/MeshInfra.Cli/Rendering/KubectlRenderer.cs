using MeshInfra.Cli.Stack;
using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// The kubectl layout: per cluster, what a person applies by hand. <c>manifests/</c> holds only real
/// Kubernetes objects, named by layer so <c>kubectl apply -f</c> takes them in order; <c>helm/</c> the
/// values of each release; <c>ca/</c> the profile of the CA the cacerts Secret must hold;
/// <c>coredns/</c> the server block to splice by hand; <c>apply.sh</c> every step in the plan's order.
/// <c>mesh/</c> keeps the root CA's profile. Pure, like <see cref="MeshRenderer"/>.
/// </summary>
public static class KubectlRenderer
{
    public const string Manifests = "manifests";
    public const string Helm = "helm";
    public const string Ca = "ca";
    public const string CoreDns = "coredns";
    public const string Script = "apply.sh";

    /// <exception cref="InputException">A value known only at deploy time was not given with --set.</exception>
    public static IReadOnlyList<RenderedFile> Render(LoadedStack stack, DeferredValueResolver values)
    {
        var plan = stack.Plan;
        RequireEveryValue(plan, values);
        var step = plan.ApplyOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var layer = FileNames.Layers(plan);
        string Number(PlannedResource r) => FileNames.Number(layer[r.Id], plan.Depth);

        var files = new List<RenderedFile>();
        foreach (var certificate in plan.Trust.OrderBy(c => step[c.Id]))
        {
            files.Add(MeshRenderer.Certificate(ResourceId.MeshScope, Number(certificate), certificate, stack));
        }

        foreach (var cluster in plan.Clusters)
        {
            files.AddRange(Cluster(stack, cluster, Number, r => (layer[r.Id], step[r.Id]), values));
        }

        return files;
    }

    private static List<RenderedFile> Cluster(LoadedStack stack, ClusterPlan cluster, Func<PlannedResource, string> number, Func<PlannedResource, (int Layer, int Step)> order, DeferredValueResolver values)
    {
        var folder = cluster.Cluster.Name;
        var files = new List<RenderedFile>();
        RenderedFile Add(string subfolder, string name, string content)
        {
            var file = new RenderedFile(folder, subfolder + "/" + name, content);
            files.Add(file);
            return file;
        }

        var cacerts = cluster.Objects.SingleOrDefault(IsGeneratedSecret);
        // The profile is written first so the script's opening check can point at it.
        var intermediate = cluster.Resources.OfType<PlannedCertificate>().FirstOrDefault();
        string? caProfile = null;
        if (intermediate is not null)
        {
            var profile = MeshRenderer.Certificate(folder, number(intermediate), intermediate, stack);
            caProfile = Add(Ca, profile.Name, profile.Content).Name;
        }

        var others = stack.Plan.Clusters.Where(c => c.Cluster.Name != folder).Select(c => (c.Cluster.Name, ApplyScript.KubectlFor(c.Cluster, KubeconfigBase(stack)))).ToList();
        var rootFiles = intermediate is null ? CacertsRootFiles.Single : CacertsRootFiles.For(stack.Plan, intermediate);
        var script = new ApplyScript(stack.Spec.MeshId, cluster.Cluster, cacerts, caProfile, KubeconfigBase(stack), others, RootFingerprint(stack), rootFiles);
        var owned = new List<Model.Manifests.KubeObject>();
        PlannedDnsChange? manualDns = null;
        // Sorting by layer, then by the plan's own step, keeps the plan's topological order.
        foreach (var resource in cluster.Resources.OrderBy(r => order(r).Layer).ThenBy(r => order(r).Step))
        {
            var n = number(resource);
            switch (resource)
            {
                case PlannedObject o when ReferenceEquals(o, cacerts):
                    script.Layer(n);
                    script.Cacerts(o);
                    break;
                case PlannedObject { IsPatch: true, Object.Kind: RevisionTagWebhook.Kind } o:
                    var patch = Add(Manifests, FileNames.Of(n, o.Object.Kind, o.Object.Metadata.Namespace, o.Object.Metadata.Name) + ".yaml", MeshRenderer.ObjectText(o, values));
                    script.Layer(n);
                    script.ServerSidePatch(patch.Name, o.Object.Kind, o.Object.Metadata.Name);
                    break;
                case PlannedObject o:
                    var obj = o.Object;
                    var labelled = KubectlLabels.Label(o, stack.File);
                    if (!o.IsPatch)
                    {
                        owned.Add(obj);
                    }

                    var manifest = Add(Manifests, FileNames.Of(n, obj.Kind, obj.Metadata.Namespace, obj.Metadata.Name) + ".yaml", MeshRenderer.ObjectText(labelled, values));
                    script.Layer(n);
                    script.Apply(manifest.Name);
                    break;
                case PlannedRelease r:
                    var valuesFile = Add(Helm, FileNames.Of(n, r.ReleaseName) + ".values.yaml", ManifestYaml.Write(
                        r.Values,
                        values.Resolve,
                        [$"Values for Helm release {r.ReleaseName} (chart {r.Chart} {r.Version}); {Script} installs it."]));
                    script.Layer(n);
                    script.Helm(r, valuesFile.Name);
                    break;
                case PlannedCertificate:
                    // Written above; the deploy generates it, by hand it is the user's CA files.
                    break;
                case PlannedDnsChange { Mode: DnsMode.CorednsCustom } d:
                    // A whole ConfigMap of MeshInfra's: a real object kubectl applies as is.
                    var configMap = Add(Manifests, FileNames.Of(n, "ConfigMap", PlannedDnsChange.ConfigMapNamespace, d.ConfigMapName) + ".yaml", MeshRenderer.DnsText(d));
                    script.Layer(n);
                    script.Apply(configMap.Name);
                    break;
                case PlannedDnsChange { Mode: DnsMode.Remove } d:
                    script.Layer(n);
                    script.CorefileRemoval(d);
                    manualDns = d;
                    break;
                case PlannedDnsChange { Mode: DnsMode.Corefile } d:
                    // The marked block exactly as the deploy inserts it, so a later pulumi up finds and owns it.
                    var block = Add(CoreDns, FileNames.Slug(d.Block.GlobalDomain) + ".server", CorefileEditor.Apply(string.Empty, d.Block));
                    script.Layer(n);
                    script.Corefile(d, block.Name);
                    manualDns = d;
                    break;
                default:
                    throw new InvalidOperationException($"No kubectl rendering for {resource.GetType().Name} {resource.Id}.");
            }
        }

        script.Prune(KubectlLabels.Selector(stack.File), owned);
        var istiods = cluster.Releases.Where(r => r.Chart == "istiod").Select(r => r.ReleaseName).Order(StringComparer.Ordinal).ToList();
        script.UninstallRemovedIstiods(IstioLabels.IstioSystem, istiods, UpgradeSteps.RemovedIstiods(stack.Spec.Istio));
        if (manualDns is not null)
        {
            script.ManualReminder(manualDns, Path.GetFileName(stack.File.Path), cluster.Cluster.Name);
        }

        files.Add(new RenderedFile(folder, Script, script.Text));
        return files;
    }

    /// <summary>
    /// Where a relative kubeconfig path is relative to: the stack file's folder, where Pulumi (run beside
    /// Pulumi.yaml) finds it too. The script is run from anywhere, so it gets the resolved path.
    /// </summary>
    private static string KubeconfigBase(LoadedStack stack) => Path.GetDirectoryName(Path.GetFullPath(stack.File.Path))!;

    /// <summary>The SHA-256 of the stack's root certificate when the stack holds it in plain text (it is public), as openssl prints it without colons.</summary>
    private static string? RootFingerprint(LoadedStack stack)
    {
        if (stack.File.PlainRootCertificate is not { } pem)
        {
            return null;
        }

        try
        {
            using var root = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
            return root.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // validate reports an unreadable root; the script then checks the files against each other only.
            return null;
        }
    }

    /// <summary>The cacerts Secret: its values are the deploy's generated CA files, which are never rendered.</summary>
    private static bool IsGeneratedSecret(PlannedObject o) =>
        o.Object.Kind == "Secret" && MeshPlanner.DeferredIn(o.Object.Body).OfType<GeneratedCertificate>().Any();

    /// <summary>kubectl applies text as it is: a <c>${...}</c> placeholder would reach the cluster as a literal string.</summary>
    private static void RequireEveryValue(MeshPlan plan, DeferredValueResolver values)
    {
        var missing = plan.DeferredInObjects.Where(DeferredValueResolver.IsSettable).Where(v => !values.IsGiven(v))
            .DistinctBy(v => v.Key).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var sets = string.Join(' ', missing.Select(v => $"--set {v.Key}={(v.IsInteger ? "PORT" : "ADDRESS")}"));
        throw new InputException(
            $"--layout kubectl: kubectl would apply placeholders such as {missing[0].Placeholder} as they are; give every value known only at deploy time: {sets} (plan lists them), or render without --layout kubectl");
    }
}
