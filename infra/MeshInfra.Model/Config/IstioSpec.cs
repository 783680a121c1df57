namespace MeshInfra.Model.Config;

/// <summary>The one Istio version a stack runs everywhere, and where its charts come from.</summary>
public sealed record IstioSpec(string Version, string ChartRepository)
{
    public const string DefaultVersion = "1.30.3";
    public const string DefaultChartRepository = "https://istio-release.storage.googleapis.com/charts";
}
