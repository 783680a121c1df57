namespace MeshInfra.Model.Config;

/// <summary>The mesh's mTLS mode as Istio spells it (PeerAuthentication's `mtls.mode`), written in one place.</summary>
public static class MtlsModeNames
{
    public static string IstioName(this MtlsMode mode) => mode == MtlsMode.Strict ? "STRICT" : "PERMISSIVE";
}
