namespace MeshInfra.Model.Dns;

/// <summary>
/// The Corefile already serves MeshInfra's zone from a block MeshInfra did not write. Replacing it would
/// silently drop someone's configuration, and adding a second one makes CoreDNS refuse to start.
/// </summary>
public sealed class CorefileConflictException : InvalidOperationException
{
    public CorefileConflictException(string zone, int line, string message)
        : base(message)
    {
        Zone = zone;
        Line = line;
    }

    /// <summary>The zone as MeshInfra would serve it, e.g. <c>global:53</c>.</summary>
    public string Zone { get; }

    /// <summary>1-based line of the conflicting block's opening brace.</summary>
    public int Line { get; }
}
