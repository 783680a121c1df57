using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;

namespace MeshInfra.Tests;

/// <summary>Runs MeshStack under the mocks with a given mesh config and collects what it declared.</summary>
public sealed record EngineRun(MeshMocks Mocks, ImmutableArray<Resource> Resources)
{
    public static async Task<EngineRun> StartAsync(string meshJson, IReadOnlyDictionary<string, ClusterFacts> clusters, bool preview = false, IReadOnlyDictionary<string, string>? secrets = null)
    {
        var mocks = new MeshMocks(clusters);
        // Config reaches the program through these process-wide variables (hence one test collection).
        var config = new Dictionary<string, string> { ["mesh-infra:mesh"] = meshJson };
        foreach (var (key, value) in secrets ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
        // ProviderArgs() pre-fills KubeConfig from $KUBECONFIG; the tests check what MeshInfra itself sets.
        Environment.SetEnvironmentVariable("KUBECONFIG", null);
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize((secrets ?? new Dictionary<string, string>()).Keys));
        var resources = await Deployment.TestAsync<MeshStack>(mocks, new TestOptions { ProjectName = "mesh-infra", StackName = "test", IsPreview = preview });
        return new EngineRun(mocks, resources);
    }

    public IEnumerable<MockResourceArgs> OfType(string type) => Mocks.Resources.Where(r => r.Type == type);

    public MockResourceArgs Named(string type, string name) => Mocks.Resources.Single(r => r.Type == type && r.Name == name);

    public MeshStack Stack => Resources.OfType<MeshStack>().Single();

    /// <summary>
    /// The Kubernetes provider a component resource hands its children. Remote components (ConfigGroup)
    /// take theirs through ComponentResourceOptions.Providers, which the mocks' args do not carry, so
    /// it is read from the resource (Pulumi keeps it in a private map keyed by package).
    /// </summary>
    public ProviderResource? ComponentProvider(string name)
    {
        var resource = Resources.Single(r => r.GetResourceName() == name);
        var providers = (System.Collections.Immutable.ImmutableDictionary<string, ProviderResource>)typeof(Resource)
            .GetField("_providers", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(resource)!;
        return providers.GetValueOrDefault("kubernetes");
    }

    /// <summary>Reads an Output's value, and whether it is secret, as the engine would see it.</summary>
    public static async Task<(T Value, bool IsSecret)> ReadAsync<T>(Output<T> output)
    {
        // OutputData is internal to Pulumi; tests read it by reflection because secretness has no
        // public accessor. Its shape (Value, IsKnown, IsSecret) has been stable across Pulumi 3.x.
        const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic;
        var task = (Task)(typeof(Output<T>).GetProperty("DataTask", Internal)?.GetValue(output)
            ?? throw new InvalidOperationException("Output<T>.DataTask not found: Pulumi's internals changed."));
        await task;
        var data = task.GetType().GetProperty("Result")!.GetValue(task)!;
        var value = data.GetType().GetField("Value")!.GetValue(data);
        var isSecret = (bool)data.GetType().GetField("IsSecret")!.GetValue(data)!;
        return ((T)value!, isSecret);
    }
}
