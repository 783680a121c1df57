using System.Collections.Immutable;
using MeshInfra.Model.Doctor;
using MeshInfra.Model.Tests.Doctor;
using MeshInfra.Model.Tests.Robustness;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// How a request reads where the user sees it (issue 17, Traffic/TraceRequest.cs): doctor names every failing
/// cell of the verify matrix as <c>meshinfra trace</c> prints its request line (the CLI's own parsing is
/// tests/MeshInfra.Cli.Tests/Traffic/TraceRequestCliTests.cs).
/// </summary>
public sealed class TraceRequestMutantTests
{
    /// <summary>
    /// The dev stack with a second header on jason's route, and cluster2's httpbin and reviews pods gone: every
    /// request that needed them fails, and each finding starts with the request as trace takes it. A pod's
    /// request is <c>cluster/namespace/workload -> host:port</c>; one from outside is <c>external -> host:port
    /// via cluster</c>; the path follows unless it is <c>/</c>, then each header in brackets, one space apart.
    /// </summary>
    [Fact]
    public void DoctorNamesEachFailingRequestAsTraceTakesIt()
    {
        var json = RepoStackConfigs.Dev.Replace("\"end-user\":{\"exact\":\"jason\"}", "\"end-user\":{\"exact\":\"jason\"},\"x-team\":{\"exact\":\"blue\"}", StringComparison.Ordinal);
        Assert.NotEqual(RepoStackConfigs.Dev, json);
        var mesh = LiveMesh.For(Configs.Plan(json));
        mesh.Objects["cluster2"].RemoveAll(d => LiveMesh.Kind(d) == "Pod" && LiveMesh.Name(d) is { } name
            && (name.StartsWith("httpbin", StringComparison.Ordinal) || name.StartsWith("reviews", StringComparison.Ordinal)));

        var requests = mesh.Examine().Findings.Where(f => f.Kind == FindingKind.Traffic)
            .Select(f => f.Message[..f.Message.IndexOf(" (", StringComparison.Ordinal)]);
        Assert.Equal(
            [
                "cluster1/meshinfra-probe/client -> httpbin.bar.global:8000",
                "cluster1/meshinfra-probe/client -> reviews.default.global:9080 [end-user: jason] [x-team: blue]",
                "cluster2/meshinfra-probe/client -> httpbin.bar.global:8000",
                "cluster2/meshinfra-probe/client -> reviews.default.global:9080",
                "external -> httpbin.example.com:80 via cluster2 /delay",
                "external -> httpbin.example.com:80 via cluster2 /status",
                "external -> httpbin.example.com:80 via cluster2 /status",
            ],
            requests.Order(StringComparer.Ordinal));
    }

    /// <summary>A request without a header dictionary is refused where it is built, naming the parameter.</summary>
    [Fact]
    public void ARequestWithoutHeadersIsRefusedAtOnce()
    {
        var built = Assert.Throws<ArgumentNullException>(() => new TraceRequest("cluster1", "foo", "sleep", "httpbin.bar.global", 8000, null!));
        Assert.Equal("headers", built.ParamName);
        var request = new TraceRequest("cluster1", "foo", "sleep", "httpbin.bar.global", 8000, ImmutableSortedDictionary<string, string>.Empty);
        Assert.Equal("headers", Assert.Throws<ArgumentNullException>(() => request with { Headers = null! }).ParamName);
    }
}
