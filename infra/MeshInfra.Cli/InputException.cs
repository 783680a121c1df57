namespace MeshInfra.Cli;

/// <summary>
/// Bad input from the user (config errors, a bad --set, an unwritable --out): exit code 2 and these
/// lines on stderr, with no stack trace, because the fix is in the user's hands.
/// </summary>
public sealed class InputException(IReadOnlyList<string> lines) : Exception(string.Join('\n', lines))
{
    public InputException(string line)
        : this([line])
    {
    }

    public IReadOnlyList<string> Lines { get; } = lines;
}
