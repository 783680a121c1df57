namespace MeshInfra.Model.Traffic;

/// <summary>
/// Why verify fails, warns about or skips a case, beyond a hop's own <see cref="FailureKind"/>: what
/// <c>verify --format json</c>, the table and the tests check, so rewording a message
/// (<see cref="VerifyMessages"/>) changes no outcome. Append new kinds at the end; the JSON carries the name.
/// </summary>
public enum VerifyProblemKind
{
    /// <summary>A hop of the traced request fails; <see cref="VerifyProblem.Failure"/> says which kind.</summary>
    HopFails,

    /// <summary>No hop fails, yet no pod is reached.</summary>
    NothingReached,

    /// <summary>The request reaches pods of another service than the one asked for.</summary>
    WrongService,

    /// <summary>The request leaves the client's cluster, though that cluster runs what is asked for.</summary>
    LeavesOwnCluster,

    /// <summary>The request reaches a cluster or version the config does not place the service in.</summary>
    NotPlacedThere,

    /// <summary>The request leaves the client's region, though a cluster of that region runs what is asked for.</summary>
    OutsideRegion,

    /// <summary>A version's share of requests differs from what the route's weights ask for.</summary>
    ShareMismatch,

    /// <summary>An ingress request whose path no rule names reaches pods, where Envoy should answer 404.</summary>
    UnroutedPathAnswered,

    /// <summary>Warning: a cluster without a route for a versioned service spreads its requests over every version.</summary>
    MixedVersions,

    /// <summary>Not exercised: a route rule's header regex has no simple sample value.</summary>
    NoSampleHeaderValue,

    /// <summary>Not exercised: an ingress rule's uri regex has no simple sample path.</summary>
    NoSamplePath,

    /// <summary>Not exercised: no plain-HTTP Gateway server selects an ingress gateway's pods.</summary>
    IngressNotServed,

    /// <summary>Warning (<c>--down</c>): part of the requests fail after a gateway goes down and before outlier detection ejects it.</summary>
    FailsBeforeEjection,
}
