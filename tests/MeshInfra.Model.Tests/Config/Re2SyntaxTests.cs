using MeshInfra.Model.Config;

namespace MeshInfra.Model.Tests.Config;

/// <summary>Header regexes are checked against RE2, the syntax Envoy compiles them with, not .NET's.</summary>
public sealed class Re2SyntaxTests
{
    [Theory]
    [InlineData("jason")]
    [InlineData("^(jason|mary)$")]
    [InlineData(@"^Mozilla/5\.0 .*(iPhone|Android)")]
    [InlineData("[a-z0-9-]+")]
    [InlineData("[^,]*")]
    [InlineData("[]a]")]
    [InlineData("[[:alpha:]_]+")]
    [InlineData(@"\d{3}-\d{1,4}")]
    [InlineData("a{2,}b{0,1000}")]
    [InlineData("a{,5}")]
    [InlineData("x*?y+?z??")]
    [InlineData("(?i)jason")]
    [InlineData("(?i:ja)son")]
    [InlineData("(?P<user>[a-z]+)")]
    [InlineData("(?<user>[a-z]+)")]
    [InlineData(@"\pL\p{Greek}\x41\x{1F600}\Q.*\E")]
    [InlineData(@"\bword\B\A\z")]
    [InlineData("")]
    public void Re2AcceptsThese(string pattern)
    {
        Assert.Null(Re2Syntax.Problem(pattern));
    }

    [Theory]
    [InlineData("a((", "missing ) for the group opened here (at character 3)")]
    [InlineData("a)", "unexpected ), no group to close (at character 2)")]
    [InlineData("[a-", "missing ] for the character class opened here (at character 1)")]
    [InlineData("[z-a]", "bad character class range (at character 3)")]
    [InlineData("*a", "'*' repeats nothing (at character 1)")]
    [InlineData("a**", "a repetition of a repetition ('*' after another); RE2 has no possessive quantifiers (at character 3)")]
    [InlineData("a++", "a repetition of a repetition ('+' after another); RE2 has no possessive quantifiers (at character 3)")]
    [InlineData("a{1001}", "bad repetition {1001}: RE2 repeats at most 1000 times, and the maximum may not be below the minimum (at character 2)")]
    [InlineData("a{3,2}", "bad repetition {3,2}: RE2 repeats at most 1000 times, and the maximum may not be below the minimum (at character 2)")]
    [InlineData("foo(?=bar)", "lookahead (?= or (?! is not RE2 syntax (at character 4)")]
    [InlineData("(?<!x)y", "lookbehind (?<= or (?<! is not RE2 syntax (at character 1)")]
    [InlineData("(?>a)", "atomic groups (?> are not RE2 syntax (at character 1)")]
    [InlineData(@"(a)\1", @"backreference \1 is not RE2 syntax (at character 4)")]
    [InlineData(@"a\Z", @"\Z is not an escape RE2 knows (at character 2)")]
    [InlineData("a\\", @"trailing \ at the end (at character 2)")]
    [InlineData("(?x)a", "unknown group syntax after (?; RE2 knows (?:, (?P<name>, (?<name> and the flags i, m, s, U (at character 1)")]
    public void Re2RefusesThese(string pattern, string problem)
    {
        Assert.Equal(problem, Re2Syntax.Problem(pattern));
    }
}
