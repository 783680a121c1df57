using MeshInfra.Model.Planning;
using MeshInfra.Model.Tests.Support;

namespace MeshInfra.Model.Tests.Planning;

/// <summary>A workload's ServiceAccount and Service exist before its Deployment, so its pods start right the first time.</summary>
public sealed class WorkloadOrderTests
{
    [Fact]
    public void EveryDeploymentComesAfterItsServiceAccountAndItsServices()
    {
        var plan = Configs.Plan(Configs.Seed);
        var step = plan.ApplyOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var deployments = plan.Clusters.SelectMany(c => c.Resources.OfType<PlannedObject>().Where(o => o.Object.Kind == "Deployment")).ToList();

        Assert.Equal(8, deployments.Count);
        foreach (var deployment in deployments)
        {
            var scope = deployment.Id.Scope;
            var ns = deployment.Object.Metadata.Namespace;
            var app = deployment.Object.Metadata.Name.Split('-')[0];
            var account = new ResourceId(scope, $"ServiceAccount/{ns}/{(ns == "default" ? "bookinfo-" + app : app)}");
            var service = new ResourceId(scope, $"Service/{ns}/{app}");

            Assert.True(step[account] < step[deployment.Id], $"{account} after {deployment.Id}");
            Assert.True(step[service] < step[deployment.Id], $"{service} after {deployment.Id}");
            Assert.Contains(plan.Edges, e => e.Before == account && e.After == deployment.Id);
        }
    }
}
