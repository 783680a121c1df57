using System.Collections.Immutable;

namespace MeshInfra.Model.Traffic;

/// <summary>
/// An AuthorizationPolicy as the traffic model reads it: where it applies (its namespace, or every namespace
/// from the root namespace; its selector), its action and rules. A policy with a <c>targetRef</c> applies to no
/// sidecar (pilot/pkg/model/policyattachment.go, ShouldAttachPolicy); one annotated
/// <c>istio.io/dry-run: "true"</c> is logged, not enforced (pilot/pkg/security/authz/builder/builder.go, isDryRun).
/// </summary>
public sealed record AuthorizationPolicyView(string Namespace, ImmutableSortedDictionary<string, string> Selector, string Action, ImmutableArray<AuthzRule> Rules, bool TargetsRefs, bool DryRun, ObjectRef Source);
