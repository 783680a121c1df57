using MeshInfra.Model.Dns;
using MeshInfra.Model.Tests.Dns;

namespace MeshInfra.Model.Tests.Mutation;

/// <summary>
/// The edges of the names the mesh's CoreDNS block takes, found by the second Stryker.NET run over
/// infra/MeshInfra.Model/Dns (docs/quality.md): a name of exactly 253 characters and a label of exactly
/// 63 are DNS names (RFC 1035 2.3.4), one character more is not; a zone whose last label mixes letters
/// and digits is a name, only an all-digit one (which could pass for an IPv4 part) is refused.
/// </summary>
public sealed class DnsNameBoundaryTests
{
    /// <summary>A host in the <c>global</c> zone of exactly <paramref name="length"/> characters, in labels of at most 63.</summary>
    private static string HostOfLength(int length)
    {
        const string suffix = ".global";
        var labels = new List<string>();
        var remaining = length - suffix.Length;
        while (remaining > 0)
        {
            // Each label but the first costs a dot as well.
            var take = Math.Min(63, labels.Count == 0 ? remaining : remaining - 1);
            labels.Add(new string('a', take));
            remaining -= take + (labels.Count == 1 ? 0 : 1);
        }

        var host = string.Join('.', labels) + suffix;
        Assert.Equal(length, host.Length);
        return host;
    }

    [Fact]
    public void AHostOfExactly253CharactersIsAnswered()
    {
        var host = HostOfLength(253);
        var applied = CorefileEditor.Apply(Corefiles.KubeadmDefault, new MeshDnsBlock("global", [new("240.0.0.9", host)]));
        Assert.Contains($"answer \"{host}. 30 IN A 240.0.0.9\"", applied, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostOf254CharactersIsRefused()
    {
        var host = HostOfLength(254);
        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.Apply(Corefiles.KubeadmDefault, new MeshDnsBlock("global", [new("240.0.0.9", host)])));
        Assert.StartsWith($"Hosts entry hostname '{host}' is not a DNS name.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALabelOfExactly63CharactersIsANameAnd64IsNot()
    {
        var longest = new string('r', 63) + ".default.global";
        var applied = CorefileEditor.Apply(Corefiles.KubeadmDefault, new MeshDnsBlock("global", [new("240.0.0.9", longest)]));
        Assert.Contains($"answer \"{longest}. 30 IN A 240.0.0.9\"", applied, StringComparison.Ordinal);

        var tooLong = new string('r', 64) + ".default.global";
        Assert.Throws<ArgumentException>(() => CorefileEditor.Apply(Corefiles.KubeadmDefault, new MeshDnsBlock("global", [new("240.0.0.9", tooLong)])));
    }

    [Fact]
    public void AZoneWhoseLastLabelMixesLettersAndDigitsIsAcceptedAndAnAllDigitOneIsNot()
    {
        var applied = CorefileEditor.Apply(Corefiles.KubeadmDefault, new MeshDnsBlock("mesh2", [new("240.0.0.9", "reviews.default.mesh2")]));
        Assert.Contains("mesh2:53 {", applied, StringComparison.Ordinal);

        var error = Assert.Throws<ArgumentException>(() => CorefileEditor.Apply(Corefiles.KubeadmDefault, new MeshDnsBlock("mesh.2", [new("240.0.0.9", "reviews.mesh.2")])));
        Assert.StartsWith("Mesh domain 'mesh.2' is not a DNS name", error.Message, StringComparison.Ordinal);
    }
}
