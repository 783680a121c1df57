using System.CommandLine;
using MeshInfra.Cli.Commands;
using MeshInfra.Cli.Rendering;
using MeshInfra.Cli.Stack;

namespace MeshInfra.Cli;

/// <summary>
/// The command line: <c>validate</c>, <c>plan</c>, <c>render</c> and <c>graph</c> on a stack file, and
/// <c>diff</c> between two, offline; <c>doctor</c>, the one command that reads the live clusters (read-only).
/// Exit codes: 0 ok, 2 bad input (config, file, usage), 1 internal error. Nothing but one line per
/// problem reaches the user; a stack trace only with --verbose.
/// </summary>
public static class MeshInfraCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On an internal error, print the stack trace too.", Recursive = true };
        var root = new RootCommand("MeshInfra offline CLI: check, plan, render and draw an Istio multi-cluster mesh from a Pulumi stack file, with no cluster and no Pulumi engine.");
        root.Options.Add(verbose);

        var validate = new Command("validate", "Validate the stack file's <project>:mesh (project from the Pulumi.yaml beside it); every error is listed with its key.");
        var validateFile = StackFileArgument();
        validate.Arguments.Add(validateFile);
        validate.SetAction(r => ValidateCommand.Run(r.GetRequiredValue(validateFile), stdout, stderr));

        var plan = new Command("plan", "Summarize the plan: per cluster releases and objects, global hosts, routes, deferred values, apply order.");
        var planFile = StackFileArgument();
        var planClusters = ClusterOption();
        var planHosts = HostOption();
        var summary = new Option<bool>("--summary") { Description = "One line per cluster and counts, readable at 100 clusters; add --cluster or --host for details." };
        plan.Arguments.Add(planFile);
        plan.Options.Add(planClusters);
        plan.Options.Add(planHosts);
        plan.Options.Add(summary);
        plan.SetAction(r => PlanCommand.Run(r.GetRequiredValue(planFile), r.GetValue(planClusters) ?? [], r.GetValue(planHosts) ?? [], r.GetValue(summary), stdout, stderr));

        var render = new Command("render", "Write every planned object, Helm release, CA profile and CoreDNS change as files, one folder per cluster.");
        var renderFile = StackFileArgument();
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory. Only what an earlier render wrote there (listed in its .meshinfra-render) is replaced; anything else makes the render stop.", Required = true, HelpName = "dir" };
        var set = new Option<string[]>("--set") { Description = "A value known only at deploy time, e.g. --set cluster2.gatewayAddress=203.0.113.7 (repeatable).", DefaultValueFactory = _ => [], HelpName = "key=value" };
        var layout = new Option<string>("--layout") { Description = "files (default): one file per planned resource. kubectl: per cluster a manifests/ folder kubectl applies as is, Helm values, and apply.sh running every step in order.", DefaultValueFactory = _ => RenderCommand.FilesLayout };
        // Not AcceptOnlyFromAmong: its message does not name the option.
        layout.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not RenderCommand.FilesLayout and not RenderCommand.KubectlLayout)
            {
                result.AddError($"--layout '{value}': unknown layout; use --layout kubectl (manifests, Helm commands and apply.sh per cluster) or --layout files (the default)");
            }
        });
        render.Arguments.Add(renderFile);
        render.Options.Add(outDir);
        render.Options.Add(set);
        render.Options.Add(layout);
        render.SetAction(r => RenderCommand.Run(
            r.GetRequiredValue(renderFile),
            r.GetRequiredValue(outDir),
            r.GetValue(set) ?? [],
            r.GetRequiredValue(layout) == RenderCommand.KubectlLayout ? RenderLayout.Kubectl : RenderLayout.Files,
            stdout,
            stderr));

        var graph = new Command("graph", "Draw the topology: networks, clusters, east-west gateways, global hosts, routes.");
        var graphFile = StackFileArgument();
        var format = new Option<string>("--format", "-f") { Description = "mermaid (renders on GitHub) or dot (Graphviz).", DefaultValueFactory = _ => GraphCommand.Mermaid };
        format.AcceptOnlyFromAmong(GraphCommand.Mermaid, GraphCommand.Dot);
        var graphClusters = ClusterOption();
        var graphHosts = HostOption();
        graph.Arguments.Add(graphFile);
        graph.Options.Add(format);
        graph.Options.Add(graphClusters);
        graph.Options.Add(graphHosts);
        graph.SetAction(r => GraphCommand.Run(r.GetRequiredValue(graphFile), r.GetRequiredValue(format), r.GetValue(graphClusters) ?? [], r.GetValue(graphHosts) ?? [], stdout));

        var trace = new Command("trace", "Trace one request through the offline model of Istio's routing: each hop and the object that decided it.");
        var traceFile = StackFileArgument();
        var from = new Option<string>("--from") { Description = "The client pod: <cluster>/<namespace>/<workload>, e.g. cluster1/foo/sleep; or external (a client outside the mesh, with --via).", Required = true, HelpName = "cluster/namespace/workload|external" };
        var to = new Option<string>("--to") { Description = "The destination: <host>:<port>, e.g. httpbin.bar.global:8000; with --from external, the Host and the ingress gateway's port, e.g. httpbin.example.com:80.", Required = true, HelpName = "host:port" };
        var via = new Option<string>("--via") { Description = "With --from external: the cluster whose ingress gateway the request enters.", HelpName = "cluster" };
        var requestPath = new Option<string>("--path") { Description = "The request's path, matched by VirtualService uri rules (default /), e.g. /status/200.", HelpName = "path" };
        var header = new Option<string[]>("--header") { Description = "A request header, e.g. --header end-user=jason (repeatable).", DefaultValueFactory = _ => [], HelpName = "name=value" };
        var traceSet = SetOption();
        var traceObjects = ObjectsOption();
        trace.Arguments.Add(traceFile);
        trace.Options.Add(from);
        trace.Options.Add(to);
        trace.Options.Add(header);
        trace.Options.Add(via);
        trace.Options.Add(requestPath);
        trace.Options.Add(traceSet);
        trace.Options.Add(traceObjects);
        var traceLocality = ClientLocalityOption();
        trace.Options.Add(traceLocality);
        var traceFormat = new Option<string>("--format", "-f") { Description = "text (for people) or json (each failing hop with its kind).", DefaultValueFactory = _ => TraceCommand.Text };
        traceFormat.AcceptOnlyFromAmong(TraceCommand.Text, TraceCommand.Json);
        trace.Options.Add(traceFormat);
        var traceDown = DownOption();
        var traceResolves = ResolvesOption();
        trace.Options.Add(traceDown);
        trace.Options.Add(traceResolves);
        trace.SetAction(r => TraceCommand.Run(r.GetRequiredValue(traceFile), r.GetRequiredValue(from), r.GetRequiredValue(to), r.GetValue(header) ?? [], r.GetValue(traceSet) ?? [], r.GetValue(traceObjects), stdout, r.GetValue(traceLocality) ?? [], r.GetValue(via), r.GetValue(requestPath), r.GetRequiredValue(traceFormat), r.GetValue(traceDown) ?? [], r.GetValue(traceResolves) ?? []));

        var verify = new Command("verify", "Trace the whole matrix (every cluster to every exported host and port, every route rule); exit 2 with the failing hops.");
        var verifyFile = StackFileArgument();
        var verifySet = SetOption();
        var verifyObjects = ObjectsOption();
        var verifyFormat = new Option<string>("--format", "-f") { Description = "table (for people) or json.", DefaultValueFactory = _ => VerifyCommand.Table };
        verifyFormat.AcceptOnlyFromAmong(VerifyCommand.Table, VerifyCommand.Json);
        verify.Arguments.Add(verifyFile);
        verify.Options.Add(verifySet);
        verify.Options.Add(verifyObjects);
        verify.Options.Add(verifyFormat);
        var verifyLocality = ClientLocalityOption();
        verify.Options.Add(verifyLocality);
        var verifyDeployed = new Option<string>("--deployed") { Description = "The stack file as deployed: trace every state between it and this one while workloads renew their certificates (a root rotation's step)." };
        verify.Options.Add(verifyDeployed);
        var verifyStrict = new Option<bool>("--strict") { Description = "Exit 2 on warnings too (a cluster whose requests mix a service's versions)." };
        verify.Options.Add(verifyStrict);
        var verifyDown = DownOption();
        var verifyResolves = ResolvesOption();
        verify.Options.Add(verifyDown);
        verify.Options.Add(verifyResolves);
        verify.SetAction(r => VerifyCommand.Run(r.GetRequiredValue(verifyFile), r.GetValue(verifySet) ?? [], r.GetValue(verifyObjects), r.GetRequiredValue(verifyFormat), stdout, r.GetValue(verifyLocality) ?? [], r.GetValue(verifyDeployed), r.GetValue(verifyStrict), r.GetValue(verifyDown) ?? [], r.GetValue(verifyResolves) ?? []));

        var diff = new Command("diff", "Show what changing a stack file does: releases and objects added, changed (field by field) and removed, per cluster, in apply order.");
        var oldFile = new Argument<string>("old-stack-file") { Description = "The stack file as it is deployed, e.g. from the base branch." };
        var newFile = new Argument<string>("new-stack-file") { Description = "The stack file with the change." };
        diff.Arguments.Add(oldFile);
        diff.Arguments.Add(newFile);
        diff.SetAction(r => DiffCommand.Run(r.GetRequiredValue(oldFile), r.GetRequiredValue(newFile), stdout, stderr));

        var coredns = new Command("coredns", "CoreDNS edits the kubectl layout leaves to a person.");
        var splice = new Command("splice", "Splice MeshInfra's server block into a Corefile saved from the cluster (or take it out, for dns: remove), keeping everything else byte for byte.");
        var spliceFile = StackFileArgument();
        var spliceCluster = new Option<string>("--cluster") { Description = "The cluster whose Corefile this is.", Required = true, HelpName = "name" };
        var corefile = new Option<string>("--corefile") { Description = "The Corefile, as saved from kube-system/coredns; it is rewritten in place.", Required = true, HelpName = "file" };
        splice.Arguments.Add(spliceFile);
        splice.Options.Add(spliceCluster);
        splice.Options.Add(corefile);
        splice.SetAction(r => CorednsSpliceCommand.Run(r.GetRequiredValue(spliceFile), r.GetRequiredValue(spliceCluster), r.GetRequiredValue(corefile), stdout));
        coredns.Subcommands.Add(splice);
        var doctor = new Command("doctor", "Read every cluster of the stack (read-only) and check the intended mesh against what they hold: drift, shadowing, preconditions, certificates, the verify matrix on live objects; exit 2 with the findings.");
        var doctorFile = StackFileArgument();
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "The kubeconfig file (as kubectl: else KUBECONFIG, else ~/.kube/config).", HelpName = "path" };
        var contexts = new Option<string[]>("--context") { Description = "Read a stack cluster through another kubeconfig context, e.g. --context cluster1=kind-cluster1 (repeatable).", DefaultValueFactory = _ => [], HelpName = "cluster=context" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds each cluster's reading may take (1 to 3600).", DefaultValueFactory = _ => (int)Live.LiveReadOptions.DefaultTimeout.TotalSeconds, HelpName = "seconds" };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                result.AddError($"--timeout {result.GetValueOrDefault<int>()}: give the seconds each cluster's reading may take, from 1 to 3600");
            }
        });
        var expiryDays = new Option<int>("--expiry-days") { Description = "Report certificates that expire within this many days (default 30).", DefaultValueFactory = _ => (int)Model.Doctor.DoctorOptions.DefaultExpiryWindow.TotalDays, HelpName = "days" };
        expiryDays.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 3650)
            {
                result.AddError($"--expiry-days {result.GetValueOrDefault<int>()}: give a number of days from 0 to 3650");
            }
        });
        var doctorFormat = new Option<string>("--format", "-f") { Description = "table (for people) or json.", DefaultValueFactory = _ => DoctorCommand.Table };
        doctorFormat.AcceptOnlyFromAmong(DoctorCommand.Table, DoctorCommand.Json);
        doctor.Arguments.Add(doctorFile);
        doctor.Options.Add(kubeconfig);
        doctor.Options.Add(contexts);
        doctor.Options.Add(timeout);
        doctor.Options.Add(expiryDays);
        doctor.Options.Add(doctorFormat);
        doctor.SetAction(r => DoctorCommand.Run(
            r.GetRequiredValue(doctorFile),
            r.GetValue(kubeconfig),
            r.GetValue(contexts) ?? [],
            r.GetValue(timeout),
            r.GetValue(expiryDays),
            r.GetRequiredValue(doctorFormat),
            stdout));

        root.Subcommands.Add(validate);
        root.Subcommands.Add(plan);
        root.Subcommands.Add(render);
        root.Subcommands.Add(graph);
        root.Subcommands.Add(trace);
        root.Subcommands.Add(verify);
        root.Subcommands.Add(diff);
        root.Subcommands.Add(coredns);
        root.Subcommands.Add(doctor);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"meshinfra: {OneLine(error.Message)}");
            }

            stderr.WriteLine("Run 'meshinfra --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (StackFileException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (InputException e)
        {
            foreach (var line in e.Lines)
            {
                stderr.WriteLine(line);
            }

            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            return ReportInternalError(e, parsed.GetValue(verbose), stderr);
        }
    }

    /// <summary>A bug, not bad input: one line by default, the whole trace for the issue with --verbose.</summary>
    internal static int ReportInternalError(Exception error, bool verbose, TextWriter stderr)
    {
        stderr.WriteLine($"meshinfra: internal error: {OneLine(error.Message)}");
        stderr.WriteLine(verbose ? error.ToString() : "meshinfra: run again with --verbose for details, and report it with that output.");
        return ExitCodes.InternalError;
    }

    private static Option<string[]> SetOption() =>
        new("--set") { Description = "A value known only at deploy time, e.g. --set cluster2.gatewayAddress=203.0.113.7 (repeatable).", DefaultValueFactory = _ => [], HelpName = "key=value" };

    private static Option<string[]> ClientLocalityOption() =>
        new(Model.Traffic.ClientLocality.Flag) { Description = "The locality a cluster's client pods' nodes carry, when it differs from the stack's region/zone labels: CLUSTER=REGION[/ZONE], e.g. cluster1=eu-west-1/eu-west-1a (repeatable).", DefaultValueFactory = _ => [], HelpName = "cluster=region[/zone]" };

    private static Option<string[]> DownOption() =>
        new("--down") { Description = "A cluster whose east-west gateway is gone or ejected: show where its share fails over (its clients are not traced) (repeatable).", DefaultValueFactory = _ => [], HelpName = "cluster" };

    private static Option<string[]> ResolvesOption() =>
        new(Model.Traffic.ResolvedName.Flag) { Description = "A gateway DNS name and how many addresses it resolves to: each is a host in Envoy, so it weighs that much more, e.g. a1b2.elb.amazonaws.com=3 (repeatable).", DefaultValueFactory = _ => [], HelpName = "host=n" };

    private static Option<string?> ObjectsOption() =>
        new("--objects") { Description = "Read each cluster's objects from this render folder instead of planning them.", HelpName = "dir" };

    private static Option<string[]> ClusterOption() =>
        new("--cluster") { Description = "Show only this cluster and the global hosts it serves or consumes (repeatable).", DefaultValueFactory = _ => [], HelpName = "name" };

    private static Option<string[]> HostOption() =>
        new("--host") { Description = "Show only this global host, e.g. reviews.default.global, and the clusters that serve or consume it (repeatable).", DefaultValueFactory = _ => [], HelpName = "host" };

    private static Argument<string> StackFileArgument() =>
        new("stack-file") { Description = "The Pulumi stack file, e.g. Pulumi.dev.yaml." };

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
