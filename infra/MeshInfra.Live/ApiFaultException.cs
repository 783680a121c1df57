namespace MeshInfra.Live;

/// <summary>
/// A cluster could not be read, with the one line that says why and the fix. Never carries a
/// stack trace to the user: the reader turns it into an <c>unreachable</c> finding.
/// </summary>
public sealed class ApiFaultException(string message, string fix) : Exception(message)
{
    public string Fix { get; } = fix;
}
