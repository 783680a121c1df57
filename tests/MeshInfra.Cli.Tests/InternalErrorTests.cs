namespace MeshInfra.Cli.Tests;

public sealed class InternalErrorTests
{
    private static Exception Thrown()
    {
        try
        {
            throw new InvalidOperationException("The plan's dependency graph has a cycle:\nmesh:ca/root");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    [Fact]
    public void InternalErrorIsOneLineAndExitCodeOneWithoutATrace()
    {
        var stderr = new StringWriter { NewLine = "\n" };

        var code = MeshInfraCli.ReportInternalError(Thrown(), verbose: false, stderr);

        Assert.Equal(1, code);
        Assert.Equal(
            "meshinfra: internal error: The plan's dependency graph has a cycle: mesh:ca/root\n" +
            "meshinfra: run again with --verbose for details, and report it with that output.\n",
            stderr.ToString());
    }

    [Fact]
    public void VerboseShowsTheTrace()
    {
        var stderr = new StringWriter { NewLine = "\n" };

        MeshInfraCli.ReportInternalError(Thrown(), verbose: true, stderr);

        Assert.StartsWith("meshinfra: internal error: The plan's dependency graph has a cycle: mesh:ca/root\nSystem.InvalidOperationException", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("   at ", stderr.ToString(), StringComparison.Ordinal);
    }
}
