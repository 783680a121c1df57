namespace MeshInfra.Model.Traffic;

/// <summary>
/// One port of a service in a cluster's registry. <see cref="Protocol"/> is the protocol istiod gives the port, ""
/// where it has none and sniffs the traffic; <see cref="TargetPort"/> is the pods' port, for Kubernetes Services only
/// (defaulted as the API server defaults it).
/// </summary>
public sealed record ServicePortView(string Name, int Number, string Protocol, int TargetPort)
{
    /// <summary>A Kubernetes Service's <c>targetPort</c> written as a name: each pod resolves it (<see cref="PodPort"/>).</summary>
    public string? TargetPortName { get; init; }

    /// <summary>A Kubernetes Service port's L4 <c>protocol</c> (TCP unless written), which a named targetPort must match too.</summary>
    public string Transport { get; init; } = "TCP";

    /// <summary>
    /// The port <paramref name="pod"/> serves this port on, or null when Kubernetes leaves the pod out of the port's
    /// endpoints: a named targetPort that no container port of the pod declares with that name and protocol
    /// (kubernetes pkg/api/v1/pod/util.go, FindPort; pkg/controller/endpoint/endpoints_controller.go, syncService,
    /// skips the pod for that port when FindPort fails). A targetPort of 0 is the port.
    /// </summary>
    public int? PodPort(Workload pod) =>
        TargetPortName is not { } name ? (TargetPort > 0 ? TargetPort : Number)
        : pod.ContainerPorts.FirstOrDefault(c => c.Name == name && c.Protocol == Transport)?.Number;
}
