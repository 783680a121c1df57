using MeshInfra.Model.Manifests;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;

namespace MeshInfra;

/// <summary>
/// Maps a planned core/v1 Service onto typed args, so its status and NodePorts are real resource
/// outputs. Only the fields the model's builders emit are mapped; any other field is a planner
/// change this mapping must learn, so it fails loudly instead of dropping it.
/// </summary>
internal static class ServiceInputs
{
    private static readonly HashSet<string> SpecFields = ["type", "selector", "ports", "loadBalancerSourceRanges"];
    private static readonly HashSet<string> PortFields = ["name", "port", "targetPort", "protocol", "nodePort"];

    public static ServiceSpecArgs Spec(KubeObject service)
    {
        var spec = (MapNode)service.Body["spec"]!;
        Reject(service, spec, SpecFields, "spec");
        var args = new ServiceSpecArgs();
        if (spec["type"] is ScalarNode { Value: string type })
        {
            args.Type = type;
        }

        if (spec["selector"] is MapNode selector)
        {
            args.Selector = selector.Entries.ToDictionary(e => e.Key, e => Text(e.Value));
        }

        var ports = new InputList<ServicePortArgs>();
        foreach (var port in ((ListNode)spec["ports"]!).Items.Cast<MapNode>())
        {
            Reject(service, port, PortFields, "spec.ports[]");
            var portArgs = new ServicePortArgs { Port = Number(port["port"]!) };
            if (port["name"] is { } name)
            {
                portArgs.Name = Text(name);
            }

            if (port["targetPort"] is { } target)
            {
                portArgs.TargetPort = Number(target);
            }

            if (port["protocol"] is { } protocol)
            {
                portArgs.Protocol = Text(protocol);
            }

            if (port["nodePort"] is { } nodePort)
            {
                portArgs.NodePort = Number(nodePort);
            }

            ports.Add(portArgs);
        }

        args.Ports = ports;
        if (spec["loadBalancerSourceRanges"] is ListNode ranges)
        {
            args.LoadBalancerSourceRanges = ranges.Items.Select(Text).ToArray();
        }

        return args;
    }

    private static void Reject(KubeObject service, MapNode map, HashSet<string> known, string where)
    {
        var unknown = map.Entries.Select(e => e.Key).FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null)
        {
            throw new InvalidOperationException($"{service.Identity}: {where}.{unknown} is not mapped onto ServiceArgs.");
        }
    }

    private static string Text(ManifestNode node) => node is ScalarNode { Value: string s } ? s : throw new InvalidOperationException("Expected a string.");

    private static int Number(ManifestNode node) => node is ScalarNode { Value: long l } ? checked((int)l) : throw new InvalidOperationException("Expected a number.");
}
