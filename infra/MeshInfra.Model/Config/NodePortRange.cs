namespace MeshInfra.Model.Config;

/// <summary>The NodePort range Kubernetes assigns from by default: the config and --set accept only these.</summary>
public static class NodePortRange
{
    public const int Min = 30000;
    public const int Max = 32767;
}
