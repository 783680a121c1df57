namespace MeshInfra.Model.Tests.Robustness;

/// <summary>The ways <see cref="ConfigMutator"/> can break (or, now and then, harmlessly change) a config.</summary>
internal enum MutationKind
{
    DeleteKey,
    SetNull,
    ChangeType,
    OddString,
    AppendLineBreak,
    HugeString,
    OddNumber,
    NumberAsText,
    DuplicateItem,
    ManyCopies,
    UnknownReference,
    SwapReference,
    UnknownKey,
    RenameKey,
    DuplicateKey,
    DeepNesting,
    HugeArray,
    EmptyContainer,
}
