namespace MeshInfra.Model.Planning;

/// <summary>
/// A planned resource's identity: its scope (a cluster name, or <see cref="MeshScope"/> for the
/// shared trust) and a name unique in that scope. It is also the Pulumi resource name's stem.
/// </summary>
public sealed record ResourceId(string Scope, string Name) : IComparable<ResourceId>
{
    public const string MeshScope = "mesh";

    /// <summary>Ordinal order of <c>Scope:Name</c>, the text <see cref="ToString"/> gives.</summary>
    public int CompareTo(ResourceId? other)
    {
        // Sorting a large plan's edges compares ids millions of times; building both strings for
        // each comparison was the planner's largest allocation. Same order, no strings.
        if (other is null)
        {
            return 1;
        }

        if (string.Equals(Scope, other.Scope, StringComparison.Ordinal))
        {
            return string.CompareOrdinal(Name, other.Name);
        }

        var length = Scope.Length + 1 + Name.Length;
        var otherLength = other.Scope.Length + 1 + other.Name.Length;
        for (var i = 0; i < Math.Min(length, otherLength); i++)
        {
            var c = CharAt(i);
            var o = other.CharAt(i);
            if (c != o)
            {
                return c - o;
            }
        }

        return length - otherLength;
    }

    public override string ToString() => $"{Scope}:{Name}";

    private char CharAt(int index) =>
        index < Scope.Length ? Scope[index] : index == Scope.Length ? ':' : Name[index - Scope.Length - 1];
}
