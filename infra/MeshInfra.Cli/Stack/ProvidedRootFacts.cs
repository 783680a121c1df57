namespace MeshInfra.Cli.Stack;

/// <summary>What a provided root certificate, given in plain text, says about itself.</summary>
public sealed record ProvidedRootFacts(string Subject, string Key, DateTimeOffset NotAfter, bool IsCertificateAuthority);
