using MeshInfra.Model.Config;
using MeshInfra.Model.Federation;
using MeshInfra.Model.Planning;
using MeshInfra.Schemas;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Validates a stack file's mesh with the model's parser, plus what only the stack file can tell (a
/// provided root CA must be set, as a secret). Errors read <c>file:line:column: path: message</c>.
/// </summary>
public static class StackLoader
{
    public static (MeshSpec? Spec, IReadOnlyList<string> Errors) Validate(StackFile file)
    {
        var (spec, _, errors) = ValidateAndPlan(file);
        return (spec, errors);
    }

    /// <summary>
    /// Everything the deploy would check before declaring anything: the config, the stack's secrets,
    /// every federated copy against its CRD schema, and the plan itself (a federated copy may not
    /// replace an object MeshInfra manages).
    /// </summary>
    public static (MeshSpec? Spec, MeshPlan? Plan, IReadOnlyList<string> Errors) ValidateAndPlan(StackFile file)
    {
        var (spec, errors) = MeshConfigParser.TryParse(file.Mesh);
        var all = errors.ToList();
        if (spec is { Trust.Mode: TrustMode.Provided })
        {
            all.AddRange(ProvidedRootErrors(file, spec.Trust));
            all.AddRange(ProvidedRootValidity(file, spec.Trust, DateTimeOffset.UtcNow));
            if (spec.Trust.ProvidedIntermediates)
            {
                all.AddRange(ProvidedIntermediates.Errors(file, spec, DateTimeOffset.UtcNow));
            }
        }

        // Loading the CRD schemas costs a few hundred milliseconds: only a stack with federated objects pays it.
        if (spec is { Federated.IsEmpty: false })
        {
            all.AddRange(FederationValidator.Validate(spec, ManifestSchemaValidator.For(spec.Istio.Line)));
        }

        var today = RenewalClock.Today(all);
        MeshPlan? plan = null;
        if (spec is not null && all.Count == 0)
        {
            try
            {
                plan = MeshPlanner.Plan(spec, PlanOptions.Default with { Today = today });
            }
            catch (MeshConfigException conflict)
            {
                all.AddRange(conflict.Errors);
            }
        }

        return all.Count == 0 ? (spec, plan, []) : (null, null, all.Select(e => $"{file.Locate(e)}: {e}").ToList());
    }

    /// <summary>Reads the stack file and plans its mesh, or throws with every problem.</summary>
    /// <exception cref="StackFileException">The file cannot be read as a stack file.</exception>
    /// <exception cref="InputException">The mesh is invalid.</exception>
    public static LoadedStack Load(string path)
    {
        var file = StackFileReader.Read(path);
        var (spec, plan, errors) = ValidateAndPlan(file);
        if (spec is null || plan is null)
        {
            throw new InputException([.. errors, InvalidSummary(file, errors.Count)]);
        }

        return new LoadedStack(file, spec, plan);
    }

    public static string InvalidSummary(StackFile file, int errors) =>
        $"{file.Path}: invalid — {errors} {(errors == 1 ? "error" : "errors")} in {file.MeshKey}";

    private static IEnumerable<ConfigError> ProvidedRootErrors(StackFile file, TrustSpec trust)
    {
        // During a rotation the new root is given beside the old one (until dropOld, both are needed).
        // With provided intermediates the root key stays offline: ProvidedIntermediates refuses it.
        string[] names = trust.ProvidedIntermediates ? [TrustSpec.ProvidedRootCertKey]
            : trust.Rotation.InProgress
            ? [TrustSpec.ProvidedRootCertKey, TrustSpec.ProvidedRootKeyKey, TrustSpec.NextRootCertKey, TrustSpec.NextRootKeyKey]
            : [TrustSpec.ProvidedRootCertKey, TrustSpec.ProvidedRootKeyKey];
        foreach (var name in names)
        {
            var key = file.ConfigKey(name);
            if (!file.ConfigKeys.Contains(key))
            {
                var next = name is TrustSpec.NextRootCertKey or TrustSpec.NextRootKeyKey;
                var pem = (next ? "new-" : "") + (name is TrustSpec.ProvidedRootKeyKey or TrustSpec.NextRootKeyKey ? "root-key.pem" : "root-cert.pem");
                yield return new ConfigError(key, next
                    ? $"is required while mesh.trust.rotation.phase is '{RootRotationSpec.Name(trust.Rotation.Phase)}': the new root, given beside the old; set it with: pulumi config set --secret {name} < {pem}"
                    : $"is required when mesh.trust.mode is 'provided'; set it with: pulumi config set --secret {name} < {pem}");
            }
            else if (name is TrustSpec.ProvidedRootKeyKey or TrustSpec.NextRootKeyKey && !file.SecretKeys.Contains(key))
            {
                // The value is never printed: it is a private key sitting in the stack file in clear.
                yield return new ConfigError(key, $"is stored in plain text; a root CA key must be a secret: pulumi config set --secret {name} < {(name == TrustSpec.NextRootKeyKey ? "new-" : "")}root-key.pem");
            }
        }
    }

    /// <summary>
    /// A root given in plain text is checked as the deploy would need it: a readable CA certificate
    /// that outlives every intermediate it signs (intermediateValidityDays from the day of the deploy).
    /// </summary>
    internal static IEnumerable<ConfigError> ProvidedRootValidity(StackFile file, TrustSpec trust, DateTimeOffset now)
    {
        var key = file.ConfigKey(TrustSpec.ProvidedRootCertKey);
        ProvidedRootFacts? facts;
        try
        {
            facts = ProvidedRoot.Read(file);
        }
        catch (FormatException e)
        {
            return [new ConfigError(key, e.Message)];
        }

        if (facts is null)
        {
            return [];
        }

        var remaining = (int)Math.Floor((facts.NotAfter - now).TotalDays);
        if (!facts.IsCertificateAuthority)
        {
            return [new ConfigError(key, $"'{facts.Subject}' is not a CA certificate (its basic constraints do not say CA:TRUE), so it cannot sign the clusters' intermediates; give the root CA's certificate")];
        }

        if (remaining <= 0)
        {
            return [new ConfigError(key, $"'{facts.Subject}' expired on {ProvidedRoot.Day(facts.NotAfter)}; give a root CA that is still valid")];
        }

        // Provided intermediates carry their own validity (checked by ProvidedIntermediates); intermediateValidityDays is not used.
        return !trust.ProvidedIntermediates && trust.IntermediateValidityDays > remaining
            ? [new ConfigError($"{MeshConfigParser.Root}.trust.intermediateValidityDays", $"{trust.IntermediateValidityDays} days outlives the provided root, which expires on {ProvidedRoot.Day(facts.NotAfter)} ({remaining} days from today); an intermediate cannot be valid longer than the root that signs it: give at most {remaining}, or a root valid longer")]
            : [];
    }
}
