using System.Text;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Tests.Support;
using MeshInfra.Model.Config;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Planning;
using MeshInfra.Schemas;
using Xunit.Abstractions;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// The CLI against a thousand broken stack files, run in-process: exit 0 or 2 and never 1 (an internal
/// error) or an escaped exception; on 2, keyed error lines and no stack trace; 0 only for a mesh the
/// model accepts. Every tenth file is also planned, drawn and rendered, which must agree with validate.
/// </summary>
public sealed class CliRobustnessTests(ITestOutputHelper output)
{
    private const int CaseCount = 1000;
    private const int AllCommandsEvery = 10;

    [Fact]
    public void EveryGeneratedStackExitsZeroOrTwoAndZeroOnlyForAMeshTheModelAccepts()
    {
        using var temp = new TempDirectory();
        var (unreadable, rejected, accepted, exitZero, rendered) = (0, 0, 0, 0, 0);
        var failures = new List<string>();
        foreach (var stack in BadStacks.Cases(CaseCount))
        {
            var path = temp.Combine($"Pulumi.case{stack.Number}.yaml");
            File.WriteAllBytes(path, stack.Content);
            var content = Encoding.UTF8.GetString(stack.Content);
            var problems = new List<string>();
            try
            {
                var verdict = ModelVerdict(path);
                (unreadable, rejected, accepted) = verdict switch
                {
                    StackVerdict.Unreadable => (unreadable + 1, rejected, accepted),
                    StackVerdict.Rejected => (unreadable, rejected + 1, accepted),
                    _ => (unreadable, rejected, accepted + 1),
                };

                var validate = CliRunner.Run("validate", path);
                problems.AddRange(Check("validate", path, content, validate, verdict));
                exitZero += validate.ExitCode == ExitCodes.Ok ? 1 : 0;
                if (stack.Number % AllCommandsEvery == 0)
                {
                    var outDir = temp.Combine($"out{stack.Number}");
                    foreach (var args in new[] { ["plan", path], ["graph", path, "--format", "dot"], new[] { "render", path, "--out", outDir } })
                    {
                        var result = CliRunner.Run(args);
                        problems.AddRange(Check(args[0], path, content, result, verdict));
                        if (result.ExitCode != validate.ExitCode)
                        {
                            problems.Add($"{args[0]} exits {result.ExitCode} where validate exits {validate.ExitCode}");
                        }
                    }

                    if (validate.ExitCode == ExitCodes.Ok)
                    {
                        rendered++;
                        if (!Directory.EnumerateFiles(outDir, "*.yaml", SearchOption.AllDirectories).Any())
                        {
                            problems.Add("render exits 0 but wrote no file");
                        }
                    }
                }
            }
            catch (Exception e)
            {
                problems.Add($"threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            if (problems.Count > 0)
            {
                failures.Add($"{stack}\n  {string.Join("\n  ", problems.Take(4))}");
                output.WriteLine($"case {stack.Number} from {stack.Base}: {string.Join("; ", stack.Mutations)}\n  {problems[0]}");
            }

            File.Delete(path);
        }

        output.WriteLine($"{CaseCount} generated stack files: {unreadable} unreadable as stack files (YAML, layout), {rejected} with a mesh the model rejects, {accepted} accepted; validate exits 0 for {exitZero} and 2 for the rest, render writes {rendered}; {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {CaseCount} cases failed; the first:\n{string.Join("\n\n", failures.Take(3))}");
        // Both layers must be exercised, and most cases must be bad, or the generator tests little.
        Assert.InRange(unreadable, CaseCount / 10, CaseCount / 2);
        Assert.InRange(rejected, CaseCount / 3, CaseCount);
        Assert.InRange(accepted, 1, CaseCount / 4);
    }

    [Fact]
    public void TheGeneratorWritesTheSameFilesEveryTime()
    {
        var first = BadStacks.Cases(100).Select(c => Convert.ToHexString(c.Content)).ToList();
        var again = Enumerable.Range(0, 100).Reverse().Select(n => Convert.ToHexString(BadStacks.Case(n).Content)).Reverse().ToList();

        Assert.Equal(first, again);
        Assert.Equal(100, first.Distinct().Count());
    }

    [Fact]
    public void StderrShapeCatchesWhatItIsFor()
    {
        const string file = "/tmp/Pulumi.x.yaml";
        const string content = "config:\n  mesh-infra:mesh: {}\n";
        Assert.Empty(StderrShape.Problems(file, content, $"{file}:2:3: mesh.clusters: is required\n{file}: invalid — 1 error in mesh-infra:mesh\n"));
        Assert.Empty(StderrShape.Problems(file, content, $"{file}: mesh-infra:rootCaKey: is required\n"));
        Assert.NotEmpty(StderrShape.Problems(file, content, ""));
        Assert.NotEmpty(StderrShape.Problems(file, content, "meshinfra: internal error: boom\n"));
        Assert.NotEmpty(StderrShape.Problems(file, content, $"{file}: something broke\n"));
        Assert.NotEmpty(StderrShape.Problems(file, content, $"{file}:2:3: mesh.mtls: 'a\nb' is not one of 'PERMISSIVE', 'STRICT'\n"));
        Assert.NotEmpty(StderrShape.Problems(file, content, $"{file}:2:3: mesh.meshId: '\u001b[31m' is not a valid name\n"));
        Assert.NotEmpty(StderrShape.Problems(file, content, $"{file}:99:1: malformed YAML: oops\n"));
        Assert.NotEmpty(StderrShape.Problems(file, content, $"{file}:2:3: System.InvalidOperationException: x\n   at Foo()\n"));
    }

    /// <summary>What the stack file reader and the model say, asked directly rather than through the commands.</summary>
    private static StackVerdict ModelVerdict(string path)
    {
        StackFile file;
        try
        {
            file = StackFileReader.Read(path);
        }
        catch (StackFileException)
        {
            return StackVerdict.Unreadable;
        }

        var (spec, errors) = MeshConfigParser.TryParse(file.Mesh);
        // Federated copies are part of the config too: one that breaks its CRD schema, or would replace
        // an object MeshInfra plans itself, is rejected by the model before anything is declared.
        if (spec is not null && (FederationValidator.Validate(spec, ManifestSchemaValidator.Shared).Count > 0 || !Plans(spec)))
        {
            return StackVerdict.Rejected;
        }

        return errors.Count > 0 ? StackVerdict.Rejected
            : spec!.Trust.Mode == TrustMode.Provided ? StackVerdict.AcceptedWithProvidedTrust
            : StackVerdict.Accepted;
    }

    private static bool Plans(MeshSpec spec)
    {
        try
        {
            MeshPlanner.Plan(spec);
            return true;
        }
        catch (MeshConfigException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Check(string command, string path, string content, CliResult result, StackVerdict verdict)
    {
        switch (result.ExitCode)
        {
            case ExitCodes.Ok:
                if (verdict is not (StackVerdict.Accepted or StackVerdict.AcceptedWithProvidedTrust))
                {
                    yield return $"{command} exits 0 for a stack the model calls {verdict}";
                }

                if (result.OtherStderr.Length > 0)
                {
                    yield return $"{command} exits 0 with stderr: {result.OtherStderr}";
                }

                break;
            case ExitCodes.BadInput:
                if (verdict == StackVerdict.Accepted)
                {
                    yield return $"{command} exits 2 for a mesh the model accepts: {result.Stderr}";
                }

                if (result.Stdout.Length > 0)
                {
                    yield return $"{command} exits 2 and still writes to stdout";
                }

                foreach (var problem in StderrShape.Problems(path, content, result.Stderr))
                {
                    yield return $"{command}: {problem}";
                }

                break;
            default:
                yield return $"{command} exits {result.ExitCode}: {result.Stderr}";
                break;
        }
    }
}
