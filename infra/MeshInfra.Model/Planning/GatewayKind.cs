namespace MeshInfra.Model.Planning;

public enum GatewayKind
{
    /// <summary>The east-west gateway that carries cross-cluster mTLS on 15443.</summary>
    EastWest,

    /// <summary>The optional north-south ingress gateway.</summary>
    Ingress,
}
