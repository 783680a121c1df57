using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Tests.Dns;

public sealed class CorefileEditorErrorTests
{
    [Theory]
    [InlineData("global:53 {\n}\n", "global:53", 1)]
    [InlineData("global {\n}\n", "global", 1)]
    [InlineData("global.:53 {\n}\n", "global.:53", 1)]
    [InlineData("global. {\n}\n", "global.", 1)]
    [InlineData("dns://global:53 {\n}\n", "dns://global:53", 1)]
    [InlineData("GLOBAL:53 {\n}\n", "GLOBAL:53", 1)]
    [InlineData(".:53 {\n}\nexample.internal global:53 {\n}\n", "global:53", 3)]
    [InlineData(".:53 {\n}\nexample.internal:53,global:53 {\n}\n", "global:53", 3)]
    [InlineData(".:53 {\n}\nglobal:53,\n# between\nexample.internal:53 {\n}\n", "global:53", 5)]
    public void ApplyRefusesAForeignServerBlockForTheSameZone(string corefile, string key, int line)
    {
        var error = Assert.Throws<CorefileConflictException>(() => CorefileEditor.Apply(corefile, Meshes.Global));

        Assert.Equal(
            $"The Corefile already serves 'global:53' outside MeshInfra's markers (server block '{key}' at line {line}); " +
            "remove that block or choose another mesh.globalDomain.",
            error.Message);
        Assert.Equal("global:53", error.Zone);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void ApplyRefusesAForeignBlockEvenWhenMeshInfrasOwnBlockIsAlsoPresent()
    {
        var corefile = CorefileEditor.Apply(Corefiles.KubeadmDefault, Meshes.Global) + "global {\n    whoami\n}\n";

        var error = Assert.Throws<CorefileConflictException>(() => CorefileEditor.Apply(corefile, Meshes.Global));

        Assert.Equal(
            "The Corefile already serves 'global:53' outside MeshInfra's markers (server block 'global' at line 49); " +
            "remove that block or choose another mesh.globalDomain.",
            error.Message);
    }

    [Theory]
    [InlineData(".:53 {\n    errors\n", 1)]
    [InlineData(".:53 {\n    health {\n        lameduck 5s\n}\n", 1)]
    [InlineData(".:53 {\n    health {\n        lameduck 5s\n", 2)]
    [InlineData(".:53 {\n    # }\n", 1)]
    public void AnUnclosedBraceIsASyntaxErrorAtItsLine(string corefile, int line)
    {
        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(corefile, Meshes.Global));

        Assert.Equal($"Corefile line {line}: '{{' is never closed; add the matching '}}'.", error.Message);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void AStrayClosingBraceIsASyntaxErrorAtItsLine()
    {
        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(".:53 {\n}\r\n}\n", Meshes.Global));

        Assert.Equal("Corefile line 3: '}' has no matching '{'.", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void AnUnterminatedQuoteIsASyntaxErrorAtTheLineItOpens()
    {
        var error = Assert.Throws<CorefileSyntaxException>(
            () => CorefileEditor.Apply(".:53 {\n    rewrite name \"a {\n}\n", Meshes.Global));

        Assert.Equal("Corefile line 2: quoted string is never closed.", error.Message);
    }

    [Fact]
    public void RemoveReportsSyntaxErrorsToo()
    {
        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Remove(".:53 {\n", "global"));

        Assert.Equal("Corefile line 1: '{' is never closed; add the matching '}'.", error.Message);
    }

    [Fact]
    public void ABeginMarkerWithoutEndIsASyntaxError()
    {
        var damaged = Corefiles.KubeadmDefault + "# BEGIN meshinfra global\nglobal:53 {\n}\n";

        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(damaged, Meshes.Global));

        Assert.Equal(
            "Corefile line 24: '# BEGIN meshinfra global' has no '# END meshinfra global' after it; " +
            "restore the end marker or delete MeshInfra's block by hand.",
            error.Message);
    }

    [Fact]
    public void AnEndMarkerWithoutBeginIsASyntaxError()
    {
        var damaged = ".:53 {\n}\n# END meshinfra global\n";

        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Remove(damaged, "global"));

        Assert.Equal(
            "Corefile line 3: '# END meshinfra global' has no '# BEGIN meshinfra global' before it; delete it or restore the begin marker.",
            error.Message);
    }

    [Fact]
    public void TwoBeginMarkersInARowAreASyntaxError()
    {
        var damaged = "# BEGIN meshinfra global\n# BEGIN meshinfra global\n# END meshinfra global\n";

        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(damaged, Meshes.Global));

        Assert.Equal(
            "Corefile line 1: '# BEGIN meshinfra global' is followed by another '# BEGIN meshinfra global' before " +
            "'# END meshinfra global'; delete the damaged copy by hand.",
            error.Message);
    }

    [Fact]
    public void TwoMarkedBlocksForOneDomainAreASyntaxError()
    {
        var twice = "# BEGIN meshinfra global\n# END meshinfra global\n.:53 {\n}\n# BEGIN meshinfra global\n# END meshinfra global\n";

        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(twice, Meshes.Global));

        Assert.Equal("Corefile line 5: MeshInfra's block for 'global' appears twice (lines 1 and 5); delete one copy by hand.", error.Message);
    }

    [Theory]
    [InlineData(".:53 {\n    # BEGIN meshinfra global\n}\n", 2, "# BEGIN meshinfra global")]
    [InlineData(".:53 {\n} # END meshinfra global\n", 2, "# END meshinfra global")]
    public void AMarkerInsideABlockOrAfterOtherTextIsASyntaxError(string corefile, int line, string marker)
    {
        var error = Assert.Throws<CorefileSyntaxException>(() => CorefileEditor.Apply(corefile, Meshes.Global));

        Assert.Equal(
            $"Corefile line {line}: '{marker}' must stand on its own line outside every block; move it, or delete MeshInfra's block by hand.",
            error.Message);
    }

    [Fact]
    public void MarkerTextInsideAQuotedStringIsNotAMarker()
    {
        var corefile = ".:53 {\n    template IN TXT x {\n        answer \"\n# END meshinfra global\n\"\n    }\n}\n";

        Assert.Equal(corefile + Golden.GlobalRegion + "\n", CorefileEditor.Apply(corefile, Meshes.Global));
    }
}
