using System.Collections.Immutable;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;
using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Istio;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Trust;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Turns a plan into files, one folder per cluster plus <c>mesh</c> for the shared trust: Kubernetes
/// objects as manifests, Helm releases as values plus a release description, CAs as a description of
/// their profile, and the CoreDNS change as the ConfigMap or the server block to splice. Pure: the
/// same plan and --set values give the same files, byte for byte.
/// </summary>
public static class MeshRenderer
{
    public static IReadOnlyList<RenderedFile> Render(LoadedStack stack, DeferredValueResolver values)
    {
        var plan = stack.Plan;
        var step = plan.ApplyOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + 1);
        var layer = FileNames.Layers(plan);
        string Number(PlannedResource r) => FileNames.Number(layer[r.Id], plan.Depth);

        var files = new List<RenderedFile>();
        // Clusters share most of their objects (the plan builds a global host's DestinationRule, and its
        // ServiceEntry as seen from clusters that do not run it, once). A shared object renders to the
        // same text everywhere, so it is written once and the string shared by every file that holds it.
        var texts = new Dictionary<KubeObject, string>(ReferenceEqualityComparer.Instance);
        // Likewise the CoreDNS change: every cluster in the same DNS mode gets the same text.
        var dnsTexts = new Dictionary<(MeshDnsBlock Block, DnsMode Mode), string>();
        foreach (var certificate in plan.Trust.OrderBy(c => step[c.Id]))
        {
            files.Add(Certificate(ResourceId.MeshScope, Number(certificate), certificate, stack));
        }

        foreach (var cluster in plan.Clusters)
        {
            var folder = cluster.Cluster.Name;
            foreach (var resource in cluster.Resources)
            {
                var number = Number(resource);
                switch (resource)
                {
                    case PlannedObject o:
                        files.Add(Object(folder, number, o, values, texts));
                        break;
                    case PlannedRelease r:
                        files.AddRange(Release(folder, number, r, values));
                        break;
                    case PlannedCertificate c:
                        files.Add(Certificate(folder, number, c, stack));
                        break;
                    case PlannedDnsChange d:
                        files.Add(Dns(folder, number, d, dnsTexts));
                        break;
                    default:
                        throw new InvalidOperationException($"No renderer for {resource.GetType().Name} {resource.Id}.");
                }
            }
        }

        // A set finds whether any path repeats without grouping every file, and the grouping, which names
        // the first repeated path, runs only then. Folder and name stand for the path without joining
        // them: neither can hold a '/' (cluster names are DNS labels, file names are slugs).
        var paths = new HashSet<(string Folder, string Name)>();
        if (files.TrueForAll(f => paths.Add((f.Folder, f.Name))))
        {
            return files;
        }

        var duplicate = files.GroupBy(f => f.RelativePath, StringComparer.Ordinal).First(g => g.Count() > 1);
        throw new InvalidOperationException($"Two resources render to {duplicate.Key}.");
    }

    /// <summary>The folders a render of this plan writes: the shared trust's, then one per cluster.</summary>
    public static IReadOnlyList<string> Folders(MeshPlan plan) =>
        new[] { ResourceId.MeshScope }.Concat(plan.Clusters.Select(c => c.Cluster.Name)).Distinct(StringComparer.Ordinal).ToList();

    private static RenderedFile Object(string folder, string number, PlannedObject planned, DeferredValueResolver values, Dictionary<KubeObject, string> texts)
    {
        var obj = planned.Object;
        var name = FileNames.Of(number, obj.Kind, obj.Metadata.Namespace, obj.Metadata.Name) + ".yaml";
        // A patch's text also depends on IsPatch, so only the common case is shared.
        if (planned.IsPatch)
        {
            return new RenderedFile(folder, name, ObjectText(planned, values));
        }

        if (!texts.TryGetValue(obj, out var text))
        {
            text = ObjectText(planned, values);
            texts[obj] = text;
        }

        return new RenderedFile(folder, name, text);
    }

    internal static string ObjectText(PlannedObject planned, DeferredValueResolver values)
    {
        var obj = planned.Object;
        // Metadata, apiVersion and kind are plain strings: every deferred value sits in the body.
        var deferred = MeshPlanner.DeferredIn(obj.Body).Distinct().ToList();
        var comments = new List<string>();
        if (planned.IsPatch && obj.Kind == RevisionTagWebhook.Kind)
        {
            comments.Add($"Applied as a server-side patch of the old control plane's injector, where it still exists: every webhook of {obj.Metadata.Name}");
            comments.Add("matches nothing (as istioctl tag set default does) before the default revision tag takes the default labels.");
            comments.Add("Uninstalling the old istiod release, last in the run, deletes the object.");
        }
        else if (planned.IsPatch)
        {
            comments.Add($"Applied as a patch: {obj.Kind} {obj.Metadata.Name} exists in every cluster, so MeshInfra only sets the fields below");
            comments.Add("and leaves the object in place on destroy.");
        }

        if (deferred.OfType<GeneratedCertificate>().Any())
        {
            comments.Add("Every value below is generated at deploy time from the mesh's CAs and kept as a Pulumi secret;");
            comments.Add("this render holds no certificate and no key, only markers naming them.");
        }

        var placeholders = deferred.Where(DeferredValueResolver.IsSettable).Where(v => !values.IsGiven(v)).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
        if (placeholders.Count > 0)
        {
            comments.Add($"Known only at deploy time: {string.Join(", ", placeholders)}; render with --set KEY=VALUE to fill in.");
        }

        var given = deferred.Where(values.IsGiven).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
        if (given.Count > 0)
        {
            comments.Add($"Given with --set (at deploy time the cluster supplies them): {string.Join(", ", given)}.");
        }

        return ManifestYaml.Write(obj.ToNode(), values.Resolve, comments);
    }

    private static IEnumerable<RenderedFile> Release(string folder, string number, PlannedRelease release, DeferredValueResolver values)
    {
        var stem = FileNames.Of(number, "helm", release.ReleaseName);
        var valuesFile = stem + ".values.yaml";
        yield return new RenderedFile(folder, valuesFile, ManifestYaml.Write(
            release.Values,
            values.Resolve,
            [$"Values for Helm release {release.ReleaseName} (chart {release.Chart} {release.Version}); the release is in {stem}.release.yaml."]));

        // An oci:// repository names the chart by URL; a classic one takes --repo.
        var chartRef = release.Repository.StartsWith("oci://", StringComparison.Ordinal)
            ? $"{release.Repository.TrimEnd('/')}/{release.Chart}"
            : $"{release.Chart} --repo {release.Repository}";
        var description = MapNode.Of(
            ("release", release.ReleaseName),
            ("chart", release.Chart),
            ("version", release.Version),
            ("repository", release.Repository),
            ("namespace", release.Namespace),
            ("values", valuesFile));
        yield return new RenderedFile(folder, stem + ".release.yaml", ManifestYaml.Write(
            description,
            values.Resolve,
            [
                "The same install by hand:",
                $"helm upgrade --install {release.ReleaseName} {chartRef} --version {release.Version} --namespace {release.Namespace} --values {valuesFile}",
            ]));
    }

    internal static RenderedFile Certificate(string folder, string number, PlannedCertificate planned, LoadedStack stack)
    {
        var certificate = planned.Certificate;
        var isRoot = planned.SignedBy is null;
        var provided = planned.ProvidedBy is not null;
        var name = FileNames.Of(number, "certificate", planned.Id.Name) + ".yaml";
        if (provided)
        {
            return new RenderedFile(folder, name, isRoot ? ProvidedRootDescription(planned, stack) : ProvidedIntermediateDescription(planned, stack));
        }

        var renewal = planned.Renewal;

        var subject = certificate.Subject;
        var description = MapNode.Of(
            ("id", planned.Id.ToString()),
            ("role", isRoot ? "root CA" : "intermediate CA"),
            ("source", provided ? "provided" : "generated"),
            ("subject", MapNode.Of(
                ("organization", subject.Organization),
                ("commonName", subject.CommonName),
                ("locality", subject.Locality))),
            ("key", MapNode.Of(("algorithm", certificate.KeyAlgorithm), ("rsaBits", certificate.RsaBits))),
            ("validityDays", certificate.ValidityDays),
            ("isCertificateAuthority", certificate.IsCertificateAuthority),
            ("maxPathLength", certificate.MaxPathLength is { } length ? length : null),
            ("allowedUses", Strings(certificate.AllowedUses)),
            ("dnsNames", Strings(certificate.DnsNames)),
            ("signedBy", planned.SignedBy?.ToString()),
            ("generation", isRoot ? (planned.Generation > 1 ? planned.Generation : null) : planned.Generation),
            ("expiry", isRoot ? ExpiryNode(RootExpiries.For(stack, planned)) : null),
            ("rotation", planned.RotationRole),
            ("trustBundle", isRoot ? null : Strings([.. planned.TrustBundle.Select(r => r.ToString())])),
            ("renewal", isRoot ? null : renewal is null
                ? "only when its generation is raised (no trust.renewal)"
                : MapNode.Of(
                    ("period", renewal.Period),
                    ("periodStart", PlannedCertificate.Day(renewal.PeriodStart)),
                    ("renewsOn", PlannedCertificate.Day(renewal.RenewsOn)),
                    ("deployBy", PlannedCertificate.Day(renewal.DeployBy)))));
        string[] comments =
        [
            "A description of the CA the deploy generates (Pulumi.Tls); its key exists only at deploy time,",
            "as a Pulumi secret, and is never rendered.",
        ];
        return new RenderedFile(folder, name, ManifestYaml.Write(description, NoDeferredValues, comments));
    }

    /// <summary>A root's end and the day its rotation should start (<see cref="RootExpiry"/>): the same for every render of the same config.</summary>
    private static MapNode ExpiryNode(RootExpiry expiry) => MapNode.Of(
        ("expiresOn", expiry.ExpiresOn is { } end ? PlannedCertificate.Day(end) : null),
        ("rotateBy", expiry.RotateBy is { } by ? PlannedCertificate.Day(by) : null),
        ("windowDays", expiry.WindowDays),
        ("basis", expiry.Basis),
        ("renewal", "never by itself: rotate the root (trust.rotation) before it expires"));

    /// <summary>An intermediate given with the root offline: where its parts come from, never their values.</summary>
    private static string ProvidedIntermediateDescription(PlannedCertificate planned, LoadedStack stack)
    {
        var keys = planned.ProvidedBy!.Value;
        var description = MapNode.Of(
            ("id", planned.Id.ToString()),
            ("role", "intermediate CA"),
            ("source", "provided"),
            ("certificateConfigKey", stack.File.ConfigKey(keys.Certificate)),
            ("keyConfigKey", stack.File.ConfigKey(keys.Key!)),
            ("chainConfigKey", stack.File.ConfigKey(planned.ProvidedChainBy!)),
            ("signedBy", planned.SignedBy?.ToString()),
            ("trustBundle", Strings([.. planned.TrustBundle.Select(r => r.ToString())])),
            ("renewal", "when you give a new certificate, key and chain"));
        string[] comments =
        [
            "This cluster's intermediate CA is the certificate, key and chain in these config keys, issued by",
            "the provided root offline; the key is a secret, never read or rendered.",
        ];
        return ManifestYaml.Write(description, NoDeferredValues, comments);
    }

    /// <summary>A provided root as given: what its certificate says when it is in plain text, else only where it comes from.</summary>
    private static string ProvidedRootDescription(PlannedCertificate planned, LoadedStack stack)
    {
        var keys = planned.ProvidedBy!.Value;
        // Only the current root's certificate is read offline; a rotation's new root is described by its keys.
        var facts = keys.Certificate == TrustSpec.ProvidedRootCertKey ? ProvidedRoot.Read(stack.File) : null;
        var description = MapNode.Of(
            ("id", planned.Id.ToString()),
            ("role", "root CA"),
            ("source", "provided"),
            ("rotation", planned.RotationRole),
            ("certificateConfigKey", stack.File.ConfigKey(keys.Certificate)),
            ("keyConfigKey", keys.Key is { } key ? stack.File.ConfigKey(key) : null),
            ("privateKey", keys.Key is null ? "offline: not in the stack (trust.intermediates: provided)" : null),
            ("subject", facts is null ? null : MapNode.Of(("commonName", facts.Subject))),
            ("key", facts?.Key),
            ("notAfter", facts is null ? null : ProvidedRoot.Day(facts.NotAfter)),
            ("expiry", ExpiryNode(RootExpiries.For(stack, planned))));
        string[] comments = facts is null
            ? [
                "The mesh's root CA is the certificate and key in these secret config keys; neither is decrypted",
                "or rendered offline, so its key type and validity are the given certificate's, checked at deploy time.",
            ]
            : [
                "The mesh's root CA is the certificate and key in these config keys; the certificate is in plain",
                "text and this describes it. The key is a secret, never read or rendered.",
            ];
        return ManifestYaml.Write(description, NoDeferredValues, comments);
    }

    private static RenderedFile Dns(string folder, string number, PlannedDnsChange change, Dictionary<(MeshDnsBlock Block, DnsMode Mode), string> texts)
    {
        var name = change.Mode == DnsMode.CorednsCustom
            ? FileNames.Of(number, "ConfigMap", PlannedDnsChange.ConfigMapNamespace, change.ConfigMapName) + ".yaml"
            : FileNames.Of(number, "corefile", PlannedDnsChange.ConfigMapNamespace, change.ConfigMapName) + ".yaml";
        if (!texts.TryGetValue((change.Block, change.Mode), out var text))
        {
            text = DnsText(change);
            texts[(change.Block, change.Mode)] = text;
        }

        return new RenderedFile(folder, name, text);
    }

    internal static string DnsText(PlannedDnsChange change)
    {
        // Rendered (and so validated) in every mode, remove included.
        var block = CorefileEditor.RenderServerBlock(change.Block);
        if (change.Mode == DnsMode.Remove)
        {
            var removal = MapNode.Of(
                ("configMap", MapNode.Of(
                    ("namespace", PlannedDnsChange.ConfigMapNamespace),
                    ("name", change.ConfigMapName),
                    ("key", change.DataKey))),
                ("removeServerBlock", $"{change.Block.GlobalDomain}:53"));
            return ManifestYaml.Write(removal, NoDeferredValues,
            [
                "Not applied as is: at deploy time MeshInfra removes its marked server block from the live Corefile",
                "and leaves every other byte as it was (dns: remove, the step before pulumi destroy).",
            ]);
        }

        if (change.Mode == DnsMode.CorednsCustom)
        {
            var configMap = new KubeObject("v1", "ConfigMap", ObjectMeta.Named(change.ConfigMapName, PlannedDnsChange.ConfigMapNamespace),
                MapNode.Of(("data", MapNode.Of((change.DataKey, block)))));
            return ManifestYaml.Write(configMap.ToNode(), NoDeferredValues,
            [
                $"k3s and AKS load every *.server key of {change.ConfigMapName} as a CoreDNS server block;",
                $"MeshInfra's key is {change.DataKey}, and other keys of this ConfigMap are not MeshInfra's.",
            ]);
        }

        var edit = MapNode.Of(
            ("configMap", MapNode.Of(
                ("namespace", PlannedDnsChange.ConfigMapNamespace),
                ("name", change.ConfigMapName),
                ("key", change.DataKey))),
            ("serverBlock", block));
        return ManifestYaml.Write(edit, NoDeferredValues,
        [
            "Not applied as is: at deploy time MeshInfra splices this server block into the live Corefile",
            $"(ConfigMap {PlannedDnsChange.ConfigMapNamespace}/{change.ConfigMapName}, key {change.DataKey}) between its own marker comments;",
            "every byte outside the markers stays as it was, and a second deploy changes nothing.",
        ]);
    }

    private static ListNode Strings(ImmutableArray<string> items) => ListNode.From(items.Select(i => (ManifestNode)i));

    private static ScalarNode NoDeferredValues(DeferredValue value) =>
        throw new InvalidOperationException($"Unexpected deferred value {value.Key} in a fully known file.");
}
