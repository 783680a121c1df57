using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// What a workload's proxy holds for mTLS: the roots it accepts a peer's certificate from (its ROOTCA,
/// the cacerts root-cert.pem it last received) and the root its own certificate chains to (the
/// intermediate that signed it). Roots are named by the plan's resource ids, e.g. <c>mesh:ca/root</c>.
/// </summary>
public sealed record WorkloadTrust(ImmutableArray<string> Trusts, string ChainsTo)
{
    public override string ToString() => $"chains to {ChainsTo}, trusts {string.Join(" + ", Trusts)}";
}
