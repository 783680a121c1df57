using System.Reflection;
using MeshInfra.Model.Tests.Support;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Model.Tests.Traffic;

/// <summary>
/// Every kind of verify problem has its words in the one catalogue, each catalogue method gives the same
/// kind whatever the facts, and verify's cases carry the catalogue's kind and words.
/// </summary>
public sealed class VerifyCatalogueTests
{
    private static object? Sample(Type type) =>
        type == typeof(string) ? "x"
        : type.IsAssignableFrom(typeof(string[])) ? new[] { "x" }
        : type.IsValueType ? Activator.CreateInstance(type)
        : null;

    private static IEnumerable<(string Method, VerifyProblem Problem)> EveryMessage() =>
        typeof(VerifyMessages).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(VerifyProblem))
            .Select(m => (m.Name, (VerifyProblem)m.Invoke(null, [.. m.GetParameters().Select(p => Sample(p.ParameterType))])!));

    [Fact]
    public void EveryKindHasItsWordsInTheCatalogue()
    {
        var said = EveryMessage().Select(m => m.Problem.Kind).ToHashSet();
        Assert.All(Enum.GetValues<VerifyProblemKind>(), k => Assert.Contains(k, said));
        Assert.All(EveryMessage(), m => Assert.False(string.IsNullOrWhiteSpace(m.Problem.Text)));
    }

    [Fact]
    public void EachMessageIsFiledUnderTheKindOfItsName()
    {
        // One method per kind, named after it: a message filed under another kind fails here.
        Assert.All(EveryMessage(), m => Assert.Equal(m.Method, m.Problem.Kind.ToString()));
    }

    [Fact]
    public void AFailingHopCarriesItsFailureKind()
    {
        var (spec, _, model) = TrafficFixture.For(Configs.Seed.Replace("] },\n        { \"route\": [ { \"version\": \"v1\" } ] }", "] }", StringComparison.Ordinal));
        var plain = Assert.Single(MeshVerifier.Verify(spec, model), c => c.Case == "request matching no rule");
        var problem = Assert.Single(plain.Problems);
        Assert.Equal((VerifyProblemKind.HopFails, FailureKind.NoRouteMatch), (problem.Kind, problem.Failure));
        Assert.Equal("NoRouteMatch", problem.KindName);
    }
}
