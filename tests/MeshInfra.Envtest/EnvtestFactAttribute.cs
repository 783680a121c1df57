namespace MeshInfra.Envtest;

/// <summary>
/// A fact that needs real API servers: skipped (and counted as skipped) with one line saying why
/// when <c>KUBEBUILDER_ASSETS</c> does not name a folder with the envtest binaries.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EnvtestFactAttribute : FactAttribute
{
    public EnvtestFactAttribute()
    {
        if (EnvtestAssets.SkipReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
