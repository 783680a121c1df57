using System.Text;
using MeshInfra.Cli.Stack;
using MeshInfra.Model.Config;
using MeshInfra.Model.Dns;

namespace MeshInfra.Cli.Commands;

/// <summary>
/// <c>meshinfra coredns splice STACK --cluster NAME --corefile FILE</c>: the CoreDNS edit the deploy makes,
/// made on a Corefile saved from the cluster (the kubectl layout's manual step), so nobody edits it by hand.
/// MeshInfra's marked block is inserted or replaced (<c>dns: corefile</c>) or taken out (<c>dns: remove</c>);
/// everything else stays byte for byte, and a second run changes nothing. The file is replaced whole, or
/// not at all.
/// </summary>
public static class CorednsSpliceCommand
{
    public static int Run(string path, string clusterName, string corefilePath, TextWriter stdout)
    {
        var stack = StackLoader.Load(path);
        var cluster = stack.Plan.Clusters.FirstOrDefault(c => c.Cluster.Name == clusterName)
            ?? throw new InputException([$"--cluster {clusterName}: no such cluster in {path} (clusters: {string.Join(", ", stack.Plan.Clusters.Select(c => c.Cluster.Name))})"]);
        if (cluster.Dns is not { Mode: DnsMode.Corefile or DnsMode.Remove } dns)
        {
            throw new InputException([$"--cluster {clusterName}: its dns is {cluster.Cluster.Dns}, not corefile or remove: there is no Corefile edit to make"]);
        }

        string before;
        using (var text = StackFileBytes.Open(corefilePath, corefilePath))
        {
            before = text.ReadToEnd();
        }

        string after;
        try
        {
            after = dns.Mode == DnsMode.Remove ? CorefileEditor.Remove(before, dns.Block.GlobalDomain) : CorefileEditor.Apply(before, dns.Block);
        }
        catch (Exception e) when (e is CorefileConflictException or CorefileSyntaxException)
        {
            throw new InputException([$"{corefilePath}: {e.Message}; the file was not changed"]);
        }

        if (after == before)
        {
            stdout.WriteLine($"{corefilePath}: unchanged (MeshInfra's {dns.Block.GlobalDomain} block is already {(dns.Mode == DnsMode.Remove ? "absent" : "as planned")})");
            return ExitCodes.Ok;
        }

        // Beside the target and renamed over it: a kill midway leaves the old Corefile, never half a new one.
        var temp = corefilePath + ".meshinfra-tmp";
        File.WriteAllText(temp, after, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, corefilePath, overwrite: true);
        stdout.WriteLine(dns.Mode == DnsMode.Remove
            ? $"{corefilePath}: MeshInfra's {dns.Block.GlobalDomain} block taken out; everything else unchanged"
            : $"{corefilePath}: MeshInfra's {dns.Block.GlobalDomain} block spliced in ({dns.Block.Entries.Length} hosts); everything else unchanged");
        return ExitCodes.Ok;
    }
}
