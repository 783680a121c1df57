using System.Diagnostics;
using System.Text;
using MeshInfra.Cli.Tests.Support;

namespace MeshInfra.Cli.Tests;

/// <summary>Input past a documented limit ends at once with exit 2 and the limit named, never by running out of memory.</summary>
public sealed class InputLimitTests
{
    private static CliResult ValidateQuickly(string path)
    {
        var clock = Stopwatch.StartNew();
        var result = CliRunner.Run("validate", path);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"validate {path} took {clock.Elapsed}");
        Assert.Equal(2, result.ExitCode);
        return result;
    }

    [Fact]
    public void DevZeroStopsAtItsFirstByte()
    {
        var result = ValidateQuickly("/dev/zero");

        Assert.Equal(["/dev/zero:1:1: holds the control character U+0000 (NUL), which YAML does not allow; a stack file is UTF-8 text"], result.ErrorLines);
    }

    [Fact]
    public void DevUrandomStopsAtOnce()
    {
        var result = ValidateQuickly("/dev/urandom");

        Assert.Matches(@"^/dev/urandom:\d+:\d+: (is not UTF-8|holds the control character U\+)", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void FileOverTheLimitIsRefusedBeforeItIsRead()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("Pulumi.huge.yaml");
        using (var file = File.Create(path))
        {
            // Sparse: costs no disk, and reads as NUL bytes, so only the size check can pass this to the end.
            file.SetLength(InputLimits.StackFileBytes + 1L);
        }

        var result = ValidateQuickly(path);

        Assert.Equal([$"{path}: is larger than 67,108,864 bytes (64 MiB), the limit for a stack file; a stack of 100 clusters and 1,000 services is under 1 MiB, so check that this is the stack file"], result.ErrorLines);
    }

    [Fact]
    public void EndlessStreamOfTextStopsAtTheLimit()
    {
        using var temp = new TempDirectory();
        var fifo = temp.Combine("Pulumi.fifo.yaml");
        // A pipe has no size to check up front: the limit applies as it is read.
        using var writer = Process.Start(new ProcessStartInfo("sh", ["-c", $"mkfifo '{fifo}' && yes '# comment' > '{fifo}'"]) { UseShellExecute = false })!;
        SpinWait.SpinUntil(() => File.Exists(fifo), TimeSpan.FromSeconds(10));

        var result = ValidateQuickly(fifo);
        writer.Kill();

        Assert.StartsWith($"{fifo}: is larger than 67,108,864 bytes (64 MiB), the limit for a stack file", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void ValueOverTheLimitIsNamedAtItsLine()
    {
        using var temp = new TempDirectory();
        var path = temp.File("Pulumi.t.yaml", $"config:\n  mesh-infra:mesh:\n    meshId: {new string('m', InputLimits.ValueChars + 1)}\n");

        var result = ValidateQuickly(path);

        Assert.Equal([$"{path}:3:13: a value of 65,537 characters; a value in a stack file is at most 65,536 (64 KiB)"], result.ErrorLines);
    }

    [Fact]
    public void AliasesCannotExpandPastTheLimit()
    {
        using var temp = new TempDirectory();
        var text = new StringBuilder($"config:\n  mesh-infra:mesh:\n    meshId: mesh1\n    big: &big {new string('b', 60_000)}\n    copies:\n");
        for (var i = 0; i < 1200; i++)
        {
            text.Append("      - *big\n");
        }

        var path = temp.File("Pulumi.t.yaml", text.ToString());

        var result = ValidateQuickly(path);

        Assert.Matches(@"^.*Pulumi\.t\.yaml:4:\d+: mesh\.copies\[\d+\]: the mesh expands \(through aliases\) into more than 64 MiB of text, the most a stack file may hold$", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void LatinOneByteSaysNotUtf8AtItsPosition()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("Pulumi.t.yaml");
        File.WriteAllBytes(path, [.. "config:\n  mesh-infra:mesh:\n    meshId: caf"u8, 0xE9, (byte)'\n']);

        var result = ValidateQuickly(path);

        Assert.Equal([$"{path}:3:16: is not UTF-8 (byte 0xE9 here is not part of a UTF-8 character, e.g. Latin-1 text); Pulumi reads stack files as UTF-8, so save the file as UTF-8"], result.ErrorLines);
    }

    [Fact]
    public void ThreeMegabytesOfNulIsNotEmpty()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("Pulumi.t.yaml");
        File.WriteAllBytes(path, new byte[3_000_000]);

        var result = ValidateQuickly(path);

        Assert.Equal([$"{path}:1:1: holds the control character U+0000 (NUL), which YAML does not allow; a stack file is UTF-8 text"], result.ErrorLines);
    }

    [Fact]
    public void SetArgumentOverTheLimitIsRefusedWithoutEchoingIt()
    {
        using var temp = new TempDirectory();
        var value = new string('7', InputLimits.SetArgumentChars);

        var result = CliRunner.Run("render", Repo.DevStack, "--out", temp.Path, "--set", "cluster2.gatewayAddress=" + value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("--set: an argument of 1,048 characters; a --set KEY=VALUE is at most 1,024 (the longest value, a DNS name, is 253)", result.ErrorLines[0]);
        Assert.DoesNotContain(value, result.Stderr, StringComparison.Ordinal);
    }
}
