using System.Text.Json;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>Lists compare as Kubernetes merges them: one item added in the middle is one addition, not a cascade of changes.</summary>
public sealed class ManifestDiffTests
{
    private static ManifestNode Tree(string json) => ManifestJson.FromJson(JsonDocument.Parse(json).RootElement)!;

    private static List<FieldChange> Diff(string before, string after) => [.. ManifestDiff.Between(Tree(before), Tree(after))];

    [Fact]
    public void APortInsertedFirstIsOneAdditionByNumber()
    {
        var changes = Diff(
            """{"spec": {"ports": [{"number": 80, "name": "http"}, {"number": 443, "name": "https"}]}}""",
            """{"spec": {"ports": [{"number": 15443, "name": "tls"}, {"number": 80, "name": "http"}, {"number": 443, "name": "https"}]}}""");

        Assert.Equal([new FieldChange("spec.ports[number=15443]", null, "{\"number\": 15443, \"name\": \"tls\"}")], changes);
    }

    [Fact]
    public void AServicePortIsKnownByItsPortAndAChangeInsideItIsNamedSo()
    {
        var changes = Diff(
            """{"spec": {"ports": [{"port": 80, "targetPort": 8080}, {"port": 443, "targetPort": 8443}]}}""",
            """{"spec": {"ports": [{"port": 443, "targetPort": 9443}, {"port": 80, "targetPort": 8080}]}}""");

        Assert.Equal([new FieldChange("spec.ports[port=443].targetPort", "8443", "9443")], changes);
    }

    [Fact]
    public void ASubsetRemovedFromTheMiddleIsOneRemovalByName()
    {
        var changes = Diff(
            """{"subsets": [{"name": "a", "labels": {"cluster": "a"}}, {"name": "b", "labels": {"cluster": "b"}}, {"name": "c", "labels": {"cluster": "c"}}]}""",
            """{"subsets": [{"name": "a", "labels": {"cluster": "a"}}, {"name": "c", "labels": {"cluster": "c"}}]}""");

        Assert.Equal([new FieldChange("subsets[name=b]", "{\"name\": \"b\", \"labels\": {\"cluster\": \"b\"}}", null)], changes);
    }

    [Fact]
    public void HostsAreASetAndOneHostAddedIsOneAddition()
    {
        var changes = Diff("""{"hosts": ["a.global", "c.global"]}""", """{"hosts": ["a.global", "b.global", "c.global"]}""");

        Assert.Equal([new FieldChange("hosts[1]", null, "\"b.global\"")], changes);
    }

    [Fact]
    public void TheSameValuesInAnotherOrderAreOneChangeSaidSo()
    {
        var changes = Diff("""{"args": ["--a", "--b"]}""", """{"args": ["--b", "--a"]}""");

        Assert.Equal([new FieldChange("args", "[\"--a\", \"--b\"]", "[\"--b\", \"--a\"]", ManifestDiff.OrderChanged)], changes);
    }

    [Fact]
    public void AnHttpRuleInsertedFirstIsComparedByPositionBecauseTheFirstMatchWins()
    {
        var changes = Diff(
            """{"http": [{"route": [{"destination": {"host": "r", "subset": "v1"}}]}]}""",
            """{"http": [{"match": [{"uri": {"prefix": "/x"}}], "route": [{"destination": {"host": "r", "subset": "v2"}}]}, {"route": [{"destination": {"host": "r", "subset": "v1"}}]}]}""");

        Assert.All(changes, c => Assert.Equal(ManifestDiff.RulesInOrder, c.Note));
        Assert.Equal(["http[0].match[0].uri.prefix", "http[0].route[host=r,subset=v2]", "http[0].route[host=r,subset=v1]", "http[1]"], changes.Select(c => c.Path));
    }

    [Fact]
    public void EndpointsSharingAnAddressAreToldApartByTheirLabels()
    {
        var changes = Diff(
            """{"endpoints": [{"address": "gw", "labels": {"cluster": "c2", "version": "v2"}}, {"address": "gw", "labels": {"cluster": "c2", "version": "v3"}}]}""",
            """{"endpoints": [{"address": "gw", "labels": {"cluster": "c2", "version": "v3"}}]}""");

        Assert.Equal("endpoints[address=gw,cluster=c2,version=v2]", Assert.Single(changes).Path);
        Assert.Null(changes[0].After);
    }

    [Fact]
    public void ItemsWithoutAnIdentityAreComparedByPositionAndSaySo()
    {
        var changes = Diff("""{"items": [{"x": 1}, {"x": 2}]}""", """{"items": [{"x": 1}, {"x": 3}]}""");

        Assert.Equal([new FieldChange("items[1].x", "2", "3", ManifestDiff.ByPosition)], changes);
    }
}
