using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>What a client's outbound cluster does for TLS: the mode, the SNI it sends and the SANs it accepts.</summary>
public sealed record TlsSettings(string Mode, string? Sni, ImmutableArray<string> SubjectAltNames)
{
    public static readonly TlsSettings None = new("DISABLE", null, []);

    public bool IstioMutual => Mode == "ISTIO_MUTUAL";
}
