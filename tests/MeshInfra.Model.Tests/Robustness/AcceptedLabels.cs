using MeshInfra.Model.Config;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// An oracle for accepted configs that shares no code with the parser: every name that ends up as a
/// Kubernetes name, label or file name must be a DNS-1123 label, checked here character by character.
/// </summary>
internal static class AcceptedLabels
{
    public static IEnumerable<(string What, string Name)> Of(MeshSpec spec)
    {
        yield return ("meshId", spec.MeshId);
        foreach (var label in spec.GlobalDomain.Split('.'))
        {
            yield return ("globalDomain label", label);
        }

        foreach (var cluster in spec.Clusters)
        {
            yield return ("cluster", cluster.Name);
            yield return ("network", cluster.Network);
        }

        foreach (var service in spec.Services)
        {
            yield return ("service", service.Name);
            yield return ("namespace", service.Namespace);
            foreach (var port in service.Ports)
            {
                yield return ("port", port.Name);
            }

            foreach (var instance in service.Instances)
            {
                yield return ("serving cluster", instance.Cluster);
                if (instance.Version is { } version)
                {
                    yield return ("version", version);
                }
            }
        }

        foreach (var route in spec.Routes)
        {
            foreach (var client in route.Clients)
            {
                yield return ("route client", client);
            }

            foreach (var target in route.Rules.SelectMany(r => r.Targets))
            {
                yield return ("route version", target.Version);
            }
        }
    }

    public static bool IsDns1123Label(string name)
    {
        static bool AlphaNumeric(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
        return name.Length is > 0 and <= 63
            && AlphaNumeric(name[0]) && AlphaNumeric(name[^1])
            && name.All(c => AlphaNumeric(c) || c == '-');
    }
}
