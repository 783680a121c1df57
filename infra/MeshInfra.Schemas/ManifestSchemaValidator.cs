using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Istio;

namespace MeshInfra.Schemas;

/// <summary>
/// Validates Kubernetes manifests (as the plan emits them) against the upstream schemas the real API
/// server would use: the CRDs of the stack's Istio line (1.30: 1.30.3's, 1.31: 1.31's) for Istio
/// kinds, Kubernetes 1.32's OpenAPI v3 for core/v1 and apps/v1 kinds. Strict: undeclared fields are
/// errors, as is any apiVersion/kind without a schema, so a field only the other line knows is refused.
/// </summary>
/// <remarks>
/// Uses a small validator of our own (<see cref="SchemaCompiler"/>, <see cref="SchemaEvaluator"/>)
/// rather than NJsonSchema: NJsonSchema would need the OpenAPI rewritten first (nullable,
/// x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields, "closed unless said otherwise",
/// the CRD root's implicit apiVersion/kind/metadata) and works on Newtonsoft tokens, while the plan
/// builds System.Text.Json nodes. Owning the few keywords these files use keeps the strictness rules
/// explicit and the error text (kind/name, JSON path) ours. CRD CEL rules (x-kubernetes-validations)
/// are checked where <see cref="CelRules"/> knows their shape (ports, durations, exclusive fields, ...)
/// and skipped otherwise; Kubernetes' Go-coded validation of built-in kinds (name syntax, port ranges,
/// duplicate ports) is not modelled at all.
/// </remarks>
public sealed class ManifestSchemaValidator : IManifestSchema
{
    // Embedded resource names (the csproj names each after its path under Data/). The files are the
    // upstream bytes gzipped (gzip -9n), 8% of their raw size, decompressed only when a stack
    // needs a schema.
    private const string CoreFile = "kubernetes-1.32/api__v1_openapi.json.gz";
    private const string AppsFile = "kubernetes-1.32/apis__apps__v1_openapi.json.gz";

    // The doctor identity's ClusterRole and binding. Served by kube-apiserver v1.32.13 (the envtest
    // binary) at /openapi/v3/apis/rbac.authorization.k8s.io/v1, indented with sorted keys, gzip -9n.
    private const string RbacFile = "kubernetes-1.32/apis__rbac.authorization.k8s.io__v1_openapi.json.gz";
    private const string ObjectMetaRef = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>Each supported Istio line's CRD file: 1.30 from tag 1.30.3, 1.31 from 1.31.0-rc.0 (reference FACTS.md).</summary>
    private static readonly FrozenDictionary<string, string> CrdFiles = new Dictionary<string, string>
    {
        ["1.30"] = "istio-1.30.3/crd-all.gen.yaml.gz",
        ["1.31"] = "istio-1.31/crd-all.gen.yaml.gz",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // One validator per line, built on first use: a process (the CLI, one stack) loads one.
    private static readonly ConcurrentDictionary<string, Lazy<ManifestSchemaValidator>> ByLine = new(StringComparer.Ordinal);

    // Key "group/version/kind" (group empty for core). Everything is compiled up front, so after
    // construction the validator is read-only and safe to share between test threads.
    private readonly FrozenDictionary<string, CompiledSchema> schemas;

    // Key "group/kind", value the served versions, to say "not served" rather than "unknown kind".
    private readonly FrozenDictionary<string, IReadOnlyList<string>> versionsByKind;

    private ManifestSchemaValidator(Dictionary<string, CompiledSchema> schemas)
    {
        this.schemas = schemas.ToFrozenDictionary(StringComparer.Ordinal);
        versionsByKind = schemas.Keys
            .Select(k => k.Split('/'))
            .GroupBy(p => $"{p[0]}/{p[2]}", StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p[1]).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The validator of the default Istio line (<see cref="IstioVersions.Default"/>).</summary>
    public static ManifestSchemaValidator Shared => For(IstioVersions.LineOf(IstioVersions.Default));

    /// <summary>The Istio lines with embedded CRDs.</summary>
    public static IEnumerable<string> Lines => CrdFiles.Keys.Order(StringComparer.Ordinal);

    /// <summary>The validator over one Istio line's CRDs (e.g. "1.30"), loaded once on first use.</summary>
    public static ManifestSchemaValidator For(string istioLine)
    {
        if (!CrdFiles.ContainsKey(istioLine))
        {
            throw new ArgumentOutOfRangeException(nameof(istioLine), istioLine, $"No Istio CRDs embedded for this line (have: {string.Join(", ", Lines)}).");
        }

        return ByLine.GetOrAdd(istioLine, line => new Lazy<ManifestSchemaValidator>(() => Load(line), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>Every apiVersion/kind pair this validator has a schema for, e.g. "networking.istio.io/v1 Gateway".</summary>
    public IEnumerable<string> SupportedKinds =>
        schemas.Keys.Select(k => k.Split('/')).Select(p => $"{ApiVersion(p[0], p[1])} {p[2]}").Order(StringComparer.Ordinal);

    /// <summary>
    /// Errors as "Kind/name: $.json.path: problem", in document order; empty when the manifest is valid.
    /// </summary>
    public IReadOnlyList<string> Validate(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var kind = StringAt(manifest, "kind");
        var apiVersion = StringAt(manifest, "apiVersion");
        var name = (manifest["metadata"] as JsonObject) is { } metadata ? StringAt(metadata, "name") : null;
        var subject = $"{kind ?? "<no kind>"}/{name ?? "<unnamed>"}";

        if (kind is null || apiVersion is null)
        {
            return [$"{subject}: {JsonPaths.Root}: apiVersion and kind must both be strings"];
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        if (!schemas.TryGetValue($"{group}/{version}/{kind}", out var schema))
        {
            var reason = versionsByKind.TryGetValue($"{group}/{kind}", out var served)
                ? $"apiVersion {apiVersion} is not served for {kind} (served: {string.Join(", ", served.Select(v => ApiVersion(group, v)))})"
                : $"no schema for apiVersion {apiVersion} kind {kind}";
            return [$"{subject}: {JsonPaths.Root}: {reason}"];
        }

        var errors = new List<string>();
        SchemaEvaluator.Validate(manifest, schema, JsonPaths.Root, errors);
        return errors.Select(e => $"{subject}: {e}").ToList();
    }

    private static ManifestSchemaValidator Load(string istioLine)
    {
        var result = new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
        var core = AddKubernetes(result, CoreFile, group: string.Empty, version: "v1");
        AddKubernetes(result, AppsFile, group: "apps", version: "v1");
        AddKubernetes(result, RbacFile, group: "rbac.authorization.k8s.io", version: "v1");
        AddCrds(result, CrdText(istioLine), core.CompileRef(ObjectMetaRef));
        return new ManifestSchemaValidator(result);
    }

    /// <summary>The Istio CRDs of the default line as shipped (for tests that look at the schemas themselves).</summary>
    internal static string CrdText() => CrdText(IstioVersions.LineOf(IstioVersions.Default));

    /// <summary>One line's Istio CRDs as shipped.</summary>
    internal static string CrdText(string istioLine)
    {
        using var reader = new StreamReader(Embedded(CrdFiles[istioLine]));
        return reader.ReadToEnd();
    }

    private static Stream Embedded(string name)
    {
        var stream = typeof(ManifestSchemaValidator).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"Schema data '{name}' is not embedded in {typeof(ManifestSchemaValidator).Assembly.GetName().Name}.");
        return new GZipStream(stream, CompressionMode.Decompress);
    }

    /// <summary>
    /// Adds every schema of one Kubernetes OpenAPI document that x-kubernetes-group-version-kind
    /// assigns to that document's group/version. (Shared types such as DeleteOptions list every
    /// group; those entries for other groups are not this document's to serve.)
    /// </summary>
    private static SchemaCompiler AddKubernetes(Dictionary<string, CompiledSchema> into, string file, string group, string version)
    {
        using var stream = Embedded(file);
        var document = JsonNode.Parse(stream) as JsonObject
            ?? throw new InvalidDataException($"{file} is not a JSON object");
        var components = document["components"]?["schemas"] as JsonObject
            ?? throw new InvalidDataException($"{file} has no components.schemas");
        var compiler = new SchemaCompiler(components, structural: false);
        foreach (var (name, schema) in components)
        {
            if (schema?["x-kubernetes-group-version-kind"] is not JsonArray gvks)
            {
                continue;
            }

            foreach (var gvk in gvks.OfType<JsonObject>())
            {
                if (StringAt(gvk, "group") == group && StringAt(gvk, "version") == version && StringAt(gvk, "kind") is { } kind)
                {
                    into.TryAdd($"{group}/{version}/{kind}", compiler.CompileRef(name));
                }
            }
        }

        return compiler;
    }

    private static void AddCrds(Dictionary<string, CompiledSchema> into, string crdText, CompiledSchema objectMeta)
    {
        foreach (var crd in YamlJson.ParseDocuments(crdText).OfType<JsonObject>())
        {
            if (StringAt(crd, "kind") != "CustomResourceDefinition")
            {
                continue;
            }

            var group = crd["spec"]?["group"]?.GetValue<string>() ?? throw new InvalidDataException("CRD without spec.group");
            var kind = crd["spec"]?["names"]?["kind"]?.GetValue<string>() ?? throw new InvalidDataException($"CRD in {group} without spec.names.kind");
            foreach (var version in (crd["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (version["served"] is not JsonValue served || served.GetValueKind() != JsonValueKind.True)
                {
                    continue;
                }

                var source = version["schema"]?["openAPIV3Schema"] as JsonObject
                    ?? throw new InvalidDataException($"{kind} {version["name"]} has no openAPIV3Schema");
                var root = new SchemaCompiler(components: null, structural: true).Compile(source);
                AddImplicitRootFields(root, objectMeta);
                into.Add($"{group}/{StringAt(version, "name")}/{kind}", root);
            }
        }
    }

    /// <summary>
    /// Istio's generated CRD schemas declare only spec and status at the root (other generators add
    /// <c>metadata: {type: object}</c>). The API server itself supplies apiVersion, kind and metadata
    /// and validates metadata as ObjectMeta, so do the same instead of calling them unknown.
    /// </summary>
    private static void AddImplicitRootFields(CompiledSchema root, CompiledSchema objectMeta)
    {
        root.Properties ??= new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
        root.Properties["apiVersion"] = new CompiledSchema { Types = SchemaTypes.String };
        root.Properties["kind"] = new CompiledSchema { Types = SchemaTypes.String };
        root.Properties["metadata"] = objectMeta;
        root.Closed = true;
    }

    private static string ApiVersion(string group, string version) => group.Length == 0 ? version : $"{group}/{version}";

    private static string? StringAt(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
