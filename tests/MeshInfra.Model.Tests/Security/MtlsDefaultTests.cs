using MeshInfra.Model.Config;
using MeshInfra.Model.Tests.Federation;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Security;

/// <summary>mTLS is STRICT unless the stack asks for less, and a federated policy that accepts less is named.</summary>
public sealed class MtlsDefaultTests
{
    [Fact]
    public void AStackWithoutMtlsIsStrictMeshWide()
    {
        var plan = Configs.Plan(Configs.Seed);
        Assert.Equal(MtlsMode.Strict, plan.Spec.Mtls);
        Assert.Equal("STRICT", plan.Object("cluster1", "PeerAuthentication", "default").Body.At("spec", "mtls", "mode").Text());
    }

    [Theory]
    [InlineData("STRICT", "DISABLE", "mesh.federated[0].spec.mtls.mode: 'DISABLE' is weaker than the mesh's STRICT mTLS: every port of the workloads it selects in namespace legacy accepts only plaintext from anyone who reaches it; make it STRICT or remove it")]
    [InlineData("STRICT", "PERMISSIVE", "mesh.federated[0].spec.mtls.mode: 'PERMISSIVE' is weaker than the mesh's STRICT mTLS: every port of the workloads it selects in namespace legacy accepts plaintext from anyone who reaches it; make it STRICT or remove it")]
    [InlineData("PERMISSIVE", "DISABLE", "mesh.federated[0].spec.mtls.mode: 'DISABLE' is weaker than the mesh's PERMISSIVE mTLS: every port of the workloads it selects in namespace legacy accepts only plaintext from anyone who reaches it; make it PERMISSIVE or remove it")]
    public void AFederatedPolicyWeakerThanTheMeshIsAWarning(string mesh, string policy, string warning)
    {
        var spec = Configs.Spec(Federated(mesh, $$"""{ "mtls": { "mode": "{{policy}}" } }"""));
        Assert.Equal([warning], MtlsWarnings(spec));
    }

    [Fact]
    public void APortLevelDowngradeIsNamedByItsPortAndAnEqualOrStricterPolicyIsNot()
    {
        var spec = Configs.Spec(Federated("STRICT", """{ "mtls": { "mode": "STRICT" }, "portLevelMtls": { "8080": { "mode": "DISABLE" } } }"""));
        Assert.Equal(
            ["mesh.federated[0].spec.portLevelMtls.8080.mode: 'DISABLE' is weaker than the mesh's STRICT mTLS: port 8080 of the workloads it selects in namespace legacy accepts only plaintext from anyone who reaches it; make it STRICT or remove it"],
            MtlsWarnings(spec));
        Assert.Empty(MtlsWarnings(Configs.Spec(Federated("PERMISSIVE", """{ "mtls": { "mode": "STRICT" } }"""))));
        Assert.Empty(MtlsWarnings(Configs.Spec(Federated("STRICT", """{ "mtls": { "mode": "UNSET" } }"""))));
    }

    [Fact]
    public void AnOverrideThatWeakensOneClustersCopyIsAWarning()
    {
        var json = FederatedConfigs.Mesh("""[ { "kind": "PeerAuthentication", "name": "legacy-db", "namespace": "legacy", "placement": "all", "spec": { "mtls": { "mode": "STRICT" } }, "overrides": { "east": { "spec.mtls.mode": "PERMISSIVE" } } } ]""");
        Assert.Equal(
            ["mesh.federated[0].overrides.east[\"spec.mtls.mode\"]: 'PERMISSIVE' is weaker than the mesh's STRICT mTLS: in cluster east, every port of the workloads it selects in namespace legacy accepts plaintext from anyone who reaches it; make it STRICT or remove it"],
            MtlsWarnings(Configs.Spec(json)));
    }

    // These stacks keep the default domain `global`, which is warned about on its own (a public
    // top-level domain); only the mTLS warnings are under test here.
    private static string[] MtlsWarnings(MeshSpec spec) =>
        [.. spec.Warnings.Select(w => w.ToString()).Where(w => !w.StartsWith("mesh.globalDomain:", StringComparison.Ordinal))];

    private static string Federated(string mesh, string policySpec) =>
        FederatedConfigs.Mesh($$"""[ { "kind": "PeerAuthentication", "name": "legacy-db", "namespace": "legacy", "placement": "all", "spec": {{policySpec}} } ]""")
            .Replace("\"meshId\": \"fed\",", $"\"meshId\": \"fed\", \"mtls\": \"{mesh}\",", StringComparison.Ordinal);
}
