namespace MeshInfra.Model.Config;

/// <summary>Istio's sample workloads, each placed where the stack says (null = not deployed).</summary>
public sealed record SamplesSpec(SampleSpec? Sleep, SampleSpec? Httpbin, BookinfoSpec? Bookinfo)
{
    public static readonly SamplesSpec None = new(null, null, null);
}
