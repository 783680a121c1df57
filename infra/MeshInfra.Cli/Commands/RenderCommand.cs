using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;
using MeshInfra.Cli.Summary;

namespace MeshInfra.Cli.Commands;

/// <summary><c>meshinfra render</c>: the plan as files under --out, one folder per cluster plus <c>mesh</c>, in the chosen layout.</summary>
public static class RenderCommand
{
    public const string FilesLayout = "files";
    public const string KubectlLayout = "kubectl";

    public static int Run(string path, string outDir, IReadOnlyList<string> sets, RenderLayout layout, TextWriter stdout, TextWriter stderr)
    {
        var stack = StackLoader.Load(path);
        ConfigWarnings.Write(stack.File, stack.Spec, stderr);
        RootExpiries.WriteWarnings(stack, stderr);
        var values = DeferredValueResolver.FromSetArguments(stack.Plan, sets);

        // Everything is rendered in memory first; RenderOutput then swaps it in whole or not at all.
        var files = layout == RenderLayout.Kubectl ? KubectlRenderer.Render(stack, values) : MeshRenderer.Render(stack, values);
        if (RenderedValues.File(stack.Plan, values) is { } recorded)
        {
            // Kept so trace and verify --objects read the objects with the values they were rendered with.
            files = [.. files, recorded];
        }

        var folders = MeshRenderer.Folders(stack.Plan);
        RenderOutput.Write(outDir, folders, files);

        var counts = folders.Select(f => $"{f} ({Words.Count(files.Count(x => x.Folder == f), "file")})");
        stdout.WriteLine($"{path}: rendered to {outDir}: {string.Join(", ", counts)}");
        if (layout == RenderLayout.Kubectl)
        {
            stdout.WriteLine($"{path}: apply a cluster with {ApplyScript.CacertsVariable}=DIR bash {Path.Combine(outDir, "<cluster>", KubectlRenderer.Script)} (DIR holds that cluster's CA files)");
        }

        var placeholders = stack.Plan.DeferredInObjects.Where(v => DeferredValueResolver.IsSettable(v) && !values.IsGiven(v)).Select(v => v.Placeholder).ToList();
        if (placeholders.Count > 0)
        {
            stdout.WriteLine($"{path}: placeholders left for values known at deploy time: {string.Join(", ", placeholders)} (fill in with --set KEY=VALUE)");
        }

        return ExitCodes.Ok;
    }
}
