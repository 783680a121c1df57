namespace MeshInfra.Model.Config;

/// <summary>
/// Thrown when a stack config is invalid. Carries every problem at once so a user fixes their
/// file in one pass; the message is the errors, one per line, with no stack trace worth reading.
/// </summary>
public sealed class MeshConfigException : Exception
{
    public MeshConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
