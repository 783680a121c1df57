using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Tests.Dns;

public sealed class CorefileEditorRemoveTests
{
    [Theory]
    [MemberData(nameof(Corefiles.Named), MemberType = typeof(Corefiles))]
    public void RemoveRestoresTheOriginalByteForByte(string name, string corefile)
    {
        var applied = CorefileEditor.Apply(corefile, Meshes.Global);

        Assert.True(corefile == CorefileEditor.Remove(applied, "global"), name);
    }

    [Theory]
    [MemberData(nameof(Corefiles.Named), MemberType = typeof(Corefiles))]
    public void RemoveAfterAnUpdateStillRestoresTheOriginal(string name, string corefile)
    {
        var updated = CorefileEditor.Apply(CorefileEditor.Apply(corefile, Meshes.Global), Meshes.GlobalChanged);

        Assert.True(corefile == CorefileEditor.Remove(updated, "global"), name);
    }

    [Theory]
    [MemberData(nameof(Corefiles.Named), MemberType = typeof(Corefiles))]
    public void RemoveOnACorefileWithoutTheBlockReturnsItUnchanged(string name, string corefile)
    {
        Assert.True(corefile == CorefileEditor.Remove(corefile, "global"), name);
    }

    [Fact]
    public void RemoveTakesOutABlockFromTheMiddleWithItsLineOnly()
    {
        var corefile = Golden.Lf("""
            .:53 {
                forward . /etc/resolv.conf
            }
            # BEGIN meshinfra global
            global:53 {
                errors
            }
            # END meshinfra global
            example.internal:53 {
                forward . 10.0.0.5
            }

            """);
        var expected = Golden.Lf("""
            .:53 {
                forward . /etc/resolv.conf
            }
            example.internal:53 {
                forward . 10.0.0.5
            }

            """);

        Assert.Equal(expected, CorefileEditor.Remove(corefile, "global"));
    }

    [Fact]
    public void RemoveTakesTheCrlfAfterAnEndMarkerSavedWithCrlf()
    {
        var crlf = (Corefiles.KubeadmDefault + Golden.GlobalRegion + "\n").Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.Equal(Corefiles.KubeadmCrlf, CorefileEditor.Remove(crlf, "global"));
    }

    [Fact]
    public void RemoveLeavesAForeignBlockForTheSameZoneAlone()
    {
        var corefile = ".:53 {\n}\nglobal:53 {\n    whoami\n}\n";

        Assert.Equal(corefile, CorefileEditor.Remove(corefile, "global"));
    }

    [Fact]
    public void RemoveLeavesAnotherMeshDomainsBlockAlone()
    {
        var withOther = CorefileEditor.Apply(Corefiles.K3sDefault, Meshes.Other);
        var both = CorefileEditor.Apply(withOther, Meshes.Global);

        Assert.Equal(withOther, CorefileEditor.Remove(both, "global"));
        Assert.Equal(Corefiles.K3sDefault, CorefileEditor.Remove(CorefileEditor.Remove(both, "global"), "mesh.example"));
    }
}
