namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// The ways <see cref="YamlMutator"/> changes a stack file's tree: the model-level mistakes (see the model
/// tests' ConfigMutator) plus what only YAML can do wrong (styles, tags, aliases, secure values, merge keys).
/// </summary>
internal enum YamlMutationKind
{
    DeleteKey,
    SetNull,
    ChangeType,
    OddString,
    AppendLineBreak,
    HugeString,
    OddNumber,
    QuoteNumber,
    DuplicateItem,
    ManyCopies,
    UnknownReference,
    SwapReference,
    UnknownKey,
    RenameKey,
    DeepNesting,
    HugeArray,
    EmptyContainer,
    Restyle,
    Tag,
    Alias,
    Secure,
    MergeKey,
}
