return await Pulumi.Deployment.RunAsync<MeshInfra.MeshStack>();
