namespace MeshInfra.Live.Tests.Support;

/// <summary>One finding of a doctor --format json report.</summary>
public sealed record Finding(string Cluster, string Kind, string Object, string Message, string Rule, string Fix);
