using MeshInfra.Cli.Stack;
using MeshInfra.Model.Config;
using MeshInfra.Model.Planning;
using MeshInfra.Model.Trust;

namespace MeshInfra.Cli.Summary;

/// <summary>
/// Each planned root's end of validity as plan and render show it (a provided root's from its plain-text
/// certificate), and the warning plan and render print once today is within the window before it.
/// </summary>
public static class RootExpiries
{
    public static RootExpiry For(LoadedStack stack, PlannedCertificate root)
    {
        DateOnly? notAfter = null;
        if (root.ProvidedBy is { Certificate: TrustSpec.ProvidedRootCertKey })
        {
            try
            {
                notAfter = ProvidedRoot.Read(stack.File) is { } facts ? DateOnly.FromDateTime(facts.NotAfter.UtcDateTime) : null;
            }
            catch (FormatException)
            {
                // validate refused an unreadable certificate already; a loaded stack never gets here.
            }
        }

        return RootExpiry.For(stack.Spec.Trust, root, notAfter);
    }

    /// <summary>One located warning per root within its window, on the day the renewal clock reads (MESHINFRA_TODAY).</summary>
    public static void WriteWarnings(LoadedStack stack, TextWriter stderr)
    {
        var today = RenewalClock.Today([]);
        foreach (var root in stack.Plan.Trust)
        {
            if (For(stack, root).Warning(root.Id, today) is { } warning)
            {
                var key = root.ProvidedBy is { } keys ? stack.File.ConfigKey(keys.Certificate) : $"{MeshConfigParser.Root}.trust";
                stderr.WriteLine($"{stack.File.Locate(new ConfigError(key, warning))}: warning: {warning}");
            }
        }
    }
}
