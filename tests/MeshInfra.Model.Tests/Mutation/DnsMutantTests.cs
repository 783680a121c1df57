using MeshInfra.Model.Dns;
using MeshInfra.Model.Tests.Dns;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// Cases the Stryker.NET run over infra/MeshInfra.Model/Dns (issue 17, docs/quality.md) showed no test
/// had: each one fails under at least one mutant that survived, or had no test at all. They assert what
/// a user sees: the Corefile Apply and Remove give back, and the exact error.
/// </summary>
public sealed class DnsMutantTests
{
    private static readonly string Block = "# BEGIN meshinfra global\n" + CorefileEditor.RenderServerBlock(Meshes.Global) + "# END meshinfra global";

    [Fact]
    public void RemoveKeepsTheBlankLineAUserPutAfterTheBlock()
    {
        var applied = CorefileEditor.Apply(Corefiles.KubeadmDefault, Meshes.Global);

        Assert.Equal(Corefiles.KubeadmDefault + "\nexample.org {\n}\n", CorefileEditor.Remove(applied + "\nexample.org {\n}\n", "global"));
    }

    [Fact]
    public void RemoveOfABlockEndingInALoneCarriageReturnAtTheEndOfTheFile()
    {
        Assert.Equal("x {\n}\n", CorefileEditor.Remove("x {\n}\n" + Block + "\r", "global"));
    }

    [Fact]
    public void RemoveEmptiesACorefileThatHoldsOnlyTheBlockWithoutAFinalNewline()
    {
        Assert.Equal("", CorefileEditor.Remove(Block, "global"));
    }

    [Fact]
    public void TheCustomKeyMayBeExactlyTheConfigMapKeyLimit()
    {
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 60), 3)) + "." + new string('b', 53);
        Assert.Equal(236, longest.Length);

        Assert.Equal(253, CorefileEditor.CustomServerKey(longest).Length);
        Assert.Throws<ArgumentException>(() => CorefileEditor.CustomServerKey(longest + "b"));
    }

    [Fact]
    public void ADefaultOrNullEntryIsOneClearError()
    {
        var noEntries = Assert.Throws<ArgumentException>(() => CorefileEditor.RenderServerBlock(new MeshDnsBlock("global", default)));
        var nullEntry = Assert.Throws<ArgumentException>(() => CorefileEditor.RenderServerBlock(new MeshDnsBlock("global", [null!])));

        Assert.Equal("MeshDnsBlock.Entries is a default ImmutableArray; pass ImmutableArray<HostsEntry>.Empty for no hosts. (Parameter 'block')", noEntries.Message);
        Assert.Equal("MeshDnsBlock.Entries contains a null entry. (Parameter 'block')", nullEntry.Message);
    }

    /// <summary>
    /// CoreDNS's lexer unescapes only <c>\"</c> inside quotes; any other backslash pair stays as written.
    /// So an escaped quote does not end the string (its braces are text), <c>"\{"</c> is not a brace,
    /// and <c>"\"{"</c> is the two characters <c>"{</c>, not a brace either.
    /// </summary>
    [Fact]
    public void EscapesInsideQuotesNeitherEndTheStringNorMakeBraces()
    {
        var corefile = "example.org {\n    template IN A {\n        answer \"x \\\" } \\\" y\" \"\\{\" \"\\\"{\"\n    }\n}\n";

        Assert.Equal(corefile + Block + "\n", CorefileEditor.Apply(corefile, Meshes.Global));
    }

    /// <summary>Line numbers in errors count the newlines inside quoted strings, escaped or not, and nothing else there.</summary>
    [Fact]
    public void ErrorLinesCountNewlinesInsideQuotes()
    {
        var corefile = ". {\n    answer \"a\\\"b\\\"c\\\nd\ne\"\n}\n}\n";

        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(corefile, Meshes.Global));

        Assert.Equal("Corefile line 6: '}' has no matching '{'.", error.Message);
    }

    [Fact]
    public void ABackslashEndingAnUnclosedQuoteIsTheUnclosedQuoteError()
    {
        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(". {\n    answer \"x\\", Meshes.Global));

        Assert.Equal("Corefile line 2: quoted string is never closed.", error.Message);
    }

    [Fact]
    public void AQuotedArgumentSpellingAMarkerIsNotAMarker()
    {
        var corefile = ". {\n    whoami \"# END meshinfra global\"\n}\n";

        Assert.Equal(corefile + Block + "\n", CorefileEditor.Apply(corefile, Meshes.Global));
    }

    [Fact]
    public void ACommentLineIsNeverAServerBlockKeyEvenEndingInAComma()
    {
        var corefile = "#,global:53,\nexample.org {\n}\n";

        Assert.Equal(corefile + Block + "\n", CorefileEditor.Apply(corefile, Meshes.Global));
    }

    [Fact]
    public void ATopLevelLineWithoutATrailingCommaIsNotAKeyOfTheNextBlock()
    {
        var corefile = "import global\nexample.org {\n}\n";

        Assert.Equal(corefile + Block + "\n", CorefileEditor.Apply(corefile, Meshes.Global));
    }

    /// <summary>
    /// A backslash pair inside quotes is two characters, no more: the quote right after an escaped
    /// quote ends the string (<c>"say \"hi\""</c> is one argument and the block closes after it).
    /// </summary>
    [Fact]
    public void AnEscapedQuoteRightBeforeTheClosingQuoteLeavesTheStringClosed()
    {
        var corefile = ". {\n    whoami \"say \\\"hi\\\"\"\n}\n";

        Assert.Equal(corefile + Block + "\n", CorefileEditor.Apply(corefile, Meshes.Global));
    }

    /// <summary>The newline right after a backslash pair inside quotes is a line of its own in error messages.</summary>
    [Fact]
    public void ErrorLinesCountANewlineRightAfterABackslashPairInQuotes()
    {
        var corefile = ". {\n    answer \"a\\b\nc\"\n}\n}\n";

        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(corefile, Meshes.Global));

        Assert.Equal("Corefile line 5: '}' has no matching '{'.", error.Message);
    }
}
