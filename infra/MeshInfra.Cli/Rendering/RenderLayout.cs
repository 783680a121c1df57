namespace MeshInfra.Cli.Rendering;

/// <summary>How <c>render</c> lays out its files.</summary>
public enum RenderLayout
{
    /// <summary>One file per planned resource, whatever its kind: the full record of the plan (the default).</summary>
    Files,

    /// <summary>Per cluster, what a person applies by hand: kubectl manifests, Helm values and one script.</summary>
    Kubectl,
}
