namespace MeshInfra.Live.Tests.Reading;

/// <summary>Which kubeconfig and context doctor reads a cluster through, as kubectl resolves them.</summary>
public sealed class KubeconfigTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("meshinfra-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string File(string name, string server, params string[] contexts)
    {
        var path = Path.Combine(folder, name);
        var lines = new List<string> { "apiVersion: v1", "kind: Config", "clusters:" };
        lines.AddRange(contexts.SelectMany(c => new[] { $"- name: {c}", $"  cluster: {{server: \"{server}\"}}" }));
        lines.Add("users:");
        lines.AddRange(contexts.SelectMany(c => new[] { $"- name: {c}", "  user: {token: t}" }));
        lines.Add("contexts:");
        lines.AddRange(contexts.SelectMany(c => new[] { $"- name: {c}", $"  context: {{cluster: {c}, user: {c}}}" }));
        System.IO.File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    [Fact]
    public void The_flag_wins_over_the_stack_and_the_environment()
    {
        var flag = File("flag", "https://flag:6443", "a");
        var source = KubeconfigSource.Resolve(flag, File("stack", "https://stack:6443", "a"), File("env", "https://env:6443", "a"), folder);
        Assert.Equal([flag], source.Files);
        Assert.Equal($"--kubeconfig {flag}", source.Origin);
    }

    [Fact]
    public void The_stack_gives_a_path_or_the_contents()
    {
        var path = File("stack", "https://stack:6443", "a");
        Assert.Equal([path], KubeconfigSource.Resolve(null, path, null, folder).Files);
        var inline = KubeconfigSource.Resolve(null, "apiVersion: v1\nkind: Config\n", null, folder);
        Assert.Equal("apiVersion: v1\nkind: Config\n", inline.Contents);
    }

    [Fact]
    public void Kubeconfig_lists_skip_missing_files_and_the_first_file_that_names_a_context_wins()
    {
        var first = File("first", "https://first:6443", "shared");
        var second = File("second", "https://second:6443", "shared", "only-second");
        var env = string.Join(Path.PathSeparator, Path.Combine(folder, "absent"), first, second);
        var connector = new ClusterConnector(null, env, folder);

        var (shared, fault) = connector.Connect(new ClusterTarget("cluster1", "shared", null));
        Assert.Null(fault);
        using (shared)
        {
            Assert.Equal("https://first:6443", shared!.Server.TrimEnd('/'));
        }

        var (onlySecond, _) = connector.Connect(new ClusterTarget("cluster2", "only-second", null));
        using (onlySecond)
        {
            Assert.Equal("https://second:6443", onlySecond!.Server.TrimEnd('/'));
        }
    }

    [Fact]
    public void Without_flag_stack_or_environment_the_home_kubeconfig_is_read()
    {
        Directory.CreateDirectory(Path.Combine(folder, ".kube"));
        System.IO.File.Move(File("config", "https://home:6443", "a"), Path.Combine(folder, ".kube", "config"));
        var source = KubeconfigSource.Resolve(null, null, null, folder);
        Assert.Equal([Path.Combine(folder, ".kube", "config")], source.Files);
        Assert.Null(source.Problem);
    }

    [Fact]
    public void A_secret_stack_kubeconfig_is_read_only_from_the_flag_or_the_environment_never_home()
    {
        Directory.CreateDirectory(Path.Combine(folder, ".kube"));
        System.IO.File.Move(File("config", "https://home:6443", "a"), Path.Combine(folder, ".kube", "config"));
        const string key = "mesh.clusters[1].kubeconfig";

        var env = File("env", "https://env:6443", "a");
        Assert.Equal([env], KubeconfigSource.Resolve(null, null, env, folder, key).Files);
        var flag = File("flag", "https://flag:6443", "a");
        Assert.Equal([flag], KubeconfigSource.Resolve(flag, null, env, folder, key).Files);

        var (api, fault) = new ClusterConnector(null, null, folder).Connect(new ClusterTarget("cluster2", "a", null) { SecretKubeconfigKey = key });
        Assert.Null(api);
        Assert.Equal("the stack's mesh.clusters[1].kubeconfig is a Pulumi secret, which meshinfra never decrypts", fault!.Message);
        Assert.Equal("write it to a file outside the repository (pulumi config get --path 'mesh.clusters[1].kubeconfig' > FILE) and pass --kubeconfig FILE, or set KUBECONFIG=FILE", fault.Fix);
    }

    [Fact]
    public void An_environment_list_of_absent_files_is_one_problem_naming_them()
    {
        var absent = Path.Combine(folder, "nope");
        Assert.Equal($"none of the files KUBECONFIG lists exists ({absent})", KubeconfigSource.Resolve(null, null, absent, folder).Problem);
    }

    [Fact]
    public void An_unknown_context_names_the_contexts_there_are_and_the_flag_that_fixes_it()
    {
        var path = File("cfg", "https://x:6443", "kind-b", "kind-a");
        var (api, fault) = new ClusterConnector(path, null, folder).Connect(new ClusterTarget("cluster2", "kind-cluster2", null));
        Assert.Null(api);
        Assert.Equal(("cluster2", "context kind-cluster2"), (fault!.Cluster, fault.Object));
        Assert.Equal($"context 'kind-cluster2' is not in --kubeconfig {path} (it has kind-a, kind-b)", fault.Message);
        Assert.Equal("pass --context cluster2=CONTEXT with one of those, or set clusters[].context of cluster2 in the stack", fault.Fix);
    }

    [Fact]
    public void A_kubeconfig_that_is_not_yaml_is_one_finding_not_an_exception()
    {
        var path = Path.Combine(folder, "broken");
        System.IO.File.WriteAllText(path, "clusters: [unclosed\n");
        var (api, fault) = new ClusterConnector(path, null, folder).Connect(new ClusterTarget("cluster1", "a", null));
        Assert.Null(api);
        Assert.StartsWith($"--kubeconfig {path} cannot be read: ", fault!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", fault.Message, StringComparison.Ordinal);
    }
}
