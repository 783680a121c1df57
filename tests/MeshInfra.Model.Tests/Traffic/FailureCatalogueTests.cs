using System.Reflection;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Every failure kind has its words in the one catalogue, and the catalogue gives each method's kind
/// whatever the facts: a new kind without a message, or a message filed under another kind, fails here.
/// </summary>
public sealed class FailureCatalogueTests
{
    private static object? Sample(Type type)
    {
        if (type == typeof(string))
        {
            return "x";
        }

        if (type == typeof(IReadOnlyDictionary<string, string>))
        {
            return new Dictionary<string, string>();
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element] && type.IsInterface)
        {
            return Array.CreateInstance(element, 0);
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    private static IEnumerable<FailureReason> EveryMessage() =>
        typeof(FailureMessages).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(FailureReason))
            .Select(m => (FailureReason)m.Invoke(null, [.. m.GetParameters().Select(p => Sample(p.ParameterType))])!);

    [Fact]
    public void EveryKindHasItsWordsInTheCatalogue()
    {
        var said = EveryMessage().Select(r => r.Kind).ToHashSet();
        Assert.All(Enum.GetValues<FailureKind>(), k => Assert.Contains(k, said));
        Assert.All(EveryMessage(), r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
    }

    [Fact]
    public void ATracedFailureCarriesTheCataloguesKindAndWords()
    {
        var (_, _, model) = TrafficFixture.For(Support.Configs.Seed);
        var failure = Assert.Single(model.Trace(TrafficFixture.Request("cluster9/foo/sleep", "httpbin.bar.global", 8000)).Failures);
        Assert.Equal(FailureKind.NoCluster, failure.Kind);
        Assert.Equal(FailureMessages.NoCluster("cluster9", ["cluster1", "cluster2"]).Text, failure.Reason);
    }
}
