namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>What the stack file reader and the model say of a stack file, asked directly rather than through a command.</summary>
internal enum StackVerdict
{
    /// <summary>Not a stack file at all: malformed YAML, no config: section, no mesh, an encrypted mesh value, nesting too deep.</summary>
    Unreadable,

    /// <summary>A stack file whose mesh the model rejects.</summary>
    Rejected,

    /// <summary>A mesh the model accepts, which every command must take.</summary>
    Accepted,

    /// <summary>Accepted by the model, but the stack file must also hold the provided root in secret config.</summary>
    AcceptedWithProvidedTrust,
}
