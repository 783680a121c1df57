namespace MeshInfra.Model.Planning;

/// <summary>A typed reference to a value that is known only once a cluster or the deploy computes it.</summary>
public abstract record DeferredValue
{
    /// <summary>The stable key users give to <c>meshinfra render --set</c>, e.g. <c>cluster2.gatewayAddress</c>.</summary>
    public abstract string Key { get; }

    /// <summary>True where the value is an integer (a NodePort), false where it is a string.</summary>
    public virtual bool IsInteger => false;

    /// <summary>The visible placeholder the offline render prints when no value is given.</summary>
    public string Placeholder => "${" + Key + "}";
}
