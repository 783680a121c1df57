namespace MeshInfra.Model.Planning;

/// <summary>Something the deploy creates. Subtypes: a Kubernetes object, a Helm release, a CoreDNS change, a CA.</summary>
public abstract record PlannedResource(ResourceId Id)
{
    /// <summary>A short description for plans and graphs, e.g. <c>ServiceEntry istio-system/httpbin.bar.global</c>.</summary>
    public abstract string Describe();
}
