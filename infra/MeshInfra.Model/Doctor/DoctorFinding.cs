namespace MeshInfra.Model.Doctor;

/// <summary>
/// One thing doctor found: where (cluster, object as `Kind namespace/name`), what is wrong, the Istio,
/// CoreDNS or Kubernetes rule it rests on (source file and function at the installed tag), and the fix.
/// </summary>
public sealed record DoctorFinding(string Cluster, FindingKind Kind, string Object, string Message, string Rule, string Fix);
