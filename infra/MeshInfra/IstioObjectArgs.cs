using System.Collections.Immutable;
using Pulumi;
using Pulumi.Kubernetes.ApiExtensions;

namespace MeshInfra;

/// <summary>Args for any Istio kind: apiVersion, kind, metadata from the base class, and the plan's spec.</summary>
public sealed class IstioObjectArgs : CustomResourceArgs
{
    public IstioObjectArgs(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    [Input("spec")]
    public Input<ImmutableDictionary<string, object?>>? Spec { get; set; }
}
