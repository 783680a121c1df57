return MeshInfra.Cli.MeshInfraCli.Run(args, Console.Out, Console.Error);
