namespace MeshInfra.Envtest;

/// <summary>A theory that needs real API servers; skipped as <see cref="EnvtestFactAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EnvtestTheoryAttribute : TheoryAttribute
{
    public EnvtestTheoryAttribute()
    {
        if (EnvtestAssets.SkipReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
