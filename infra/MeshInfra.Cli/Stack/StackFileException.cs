namespace MeshInfra.Cli.Stack;

/// <summary>
/// The stack file cannot be read as a stack file at all (missing, unreadable, malformed YAML, no
/// <c>mesh-infra:mesh</c>). The message is one line that already names the file, and the position
/// where there is one.
/// </summary>
public sealed class StackFileException(string message) : Exception(message);
