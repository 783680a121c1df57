using MeshInfra.Cli.Stack;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Traffic;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// <c>meshinfra verify NEW --deployed OLD</c>: the matrix in every state the mesh passes through between
/// two deploys while workloads renew their certificates (RotationTraffic), so a rotation step that would
/// break mTLS names the paths before it is applied. Exit 2 when any path fails in any state.
/// </summary>
internal static class RolloutVerify
{
    public static int Run(string path, string deployedPath, LoadedStack stack, MeshTraffic traffic, Func<DeferredValue, string> resolve, TextWriter stdout)
    {
        var deployed = StackLoader.Load(deployedPath);
        var failed = 0;
        var total = 0;
        foreach (var (state, states) in RotationTraffic.States(deployed.Plan, stack.Plan, traffic))
        {
            var cases = MeshVerifier.Verify(stack.Spec, states.Model(resolve));
            total += cases.Length;
            var failures = cases.Where(c => !c.Passed).ToList();
            failed += failures.Count;
            stdout.WriteLine($"{state}: {Summary.Words.Count(cases.Length, "case")}, {failures.Count} failed");
            foreach (var c in failures)
            {
                foreach (var problem in c.Problems)
                {
                    stdout.WriteLine($"  FAIL {c.Request} ({problem.KindName}): {problem.Text}");
                }
            }
        }

        stdout.WriteLine($"{path} after {deployedPath}: {Summary.Words.Count(total, "case")} over 4 states, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }
}
