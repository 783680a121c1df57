namespace MeshInfra.Model.Traffic;

/// <summary>A DNS answer: the address (null for none), who gave it, and why.</summary>
public sealed record DnsAnswer(string? Address, string Server, string Detail, ObjectRef? DecidedBy);
