using System.Globalization;
using System.Text;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Reads a stack file's bytes within <see cref="InputLimits.StackFileBytes"/> and checks, as they arrive,
/// that they are UTF-8 text YAML may hold: <c>/dev/zero</c> stops at its first byte and an endless or
/// huge file at the limit, never by running out of memory. The bytes are kept once, and decoded as the
/// YAML parser reads them, so memory stays about the size of the file.
/// </summary>
public static class StackFileBytes
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="StackFileException">The file is missing, too large, not UTF-8, or holds a control character.</exception>
    public static TextReader Open(string path) => Open(path, path);

    /// <param name="path">The file to read.</param>
    /// <param name="shown">The path as the user should read it in an error.</param>
    public static TextReader Open(string path, string shown)
    {
        var (bytes, length) = Read(path, shown);
        var bom = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return new StreamReader(new MemoryStream(bytes, bom, length - bom, writable: false), StrictUtf8, detectEncodingFromByteOrderMarks: false);
    }

    private static (byte[] Bytes, int Length) Read(string path, string shown)
    {
        if (Directory.Exists(path))
        {
            throw new StackFileException($"{shown}: is a directory; give a stack file such as Pulumi.dev.yaml");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            // A regular file says its size up front; a device or pipe (/dev/zero) says 0 and is read to the limit.
            var known = stream.CanSeek ? stream.Length : 0;
            if (known > InputLimits.StackFileBytes)
            {
                throw TooLarge(shown);
            }

            var bytes = new byte[known > 0 ? known + 1 : 64 * 1024];
            var length = 0;
            var checker = new TextChecker(shown);
            while (true)
            {
                if (length == bytes.Length)
                {
                    Array.Resize(ref bytes, (int)Math.Min((long)bytes.Length * 2, InputLimits.StackFileBytes + 1L));
                }

                var read = stream.Read(bytes, length, bytes.Length - length);
                if (read == 0)
                {
                    checker.Check(bytes, length, final: true);
                    return (bytes, length);
                }

                length += read;
                if (length > InputLimits.StackFileBytes)
                {
                    throw TooLarge(shown);
                }

                checker.Check(bytes, length, final: false);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StackFileException($"{shown}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new StackFileException($"{shown}: cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new StackFileException($"{shown}: cannot be read ({e.Message})");
        }
    }

    private static StackFileException TooLarge(string path) =>
        new($"{path}: is larger than {InputLimits.StackFileBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes (64 MiB), the limit for a stack file; a stack of 100 clusters and 1,000 services is under 1 MiB, so check that this is the stack file");
}
