using MeshInfra.Benchmarks;

// Plan and render benchmarks on synthetic meshes. One command, from the repository root:
//   dotnet run -c Release --project tests/MeshInfra.Benchmarks
// Options: --sizes 10x100,50x500,100x1000 (the last one also gets the churn runs), --iterations 5.
if (args.Length == 2 && args[0] == MemoryProbe.Flag)
{
    return MemoryProbe.Run(args[1]);
}

// For profilers: writes one synthetic stack file and stops, e.g. --stack-file 100x1000 /tmp, then
// dotnet-trace collect -- dotnet infra/MeshInfra.Cli/bin/Release/net10.0/meshinfra.dll render <file> --out <dir>
if (args.Length == 3 && args[0] == "--stack-file")
{
    var shape = args[1].Split('x').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    Console.WriteLine(StackFiles.Write(SyntheticMesh.Generate(shape[0], shape[1]), args[2]));
    return 0;
}

// Doctor: read (in-memory API servers) and check one synthetic mesh, e.g. --doctor 100x1000 [--iterations 3].
if (args.Length >= 2 && args[0] == DoctorBench.Flag)
{
    var doctorIterations = args.Length == 4 && args[2] == "--iterations" ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3;
    return DoctorBench.Run(args[1], doctorIterations, Console.Out);
}

var sizes = new List<(int Clusters, int Services)> { (10, 100), (50, 500), (100, 1000) };
var iterations = 5;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--sizes" when i + 1 < args.Length:
            sizes = args[++i].Split(',').Select(s => s.Split('x')).Select(p => (int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
            break;
        case "--iterations" when i + 1 < args.Length:
            iterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/MeshInfra.Benchmarks [-- --sizes 10x100,50x500,100x1000] [--iterations 5]");
            return 2;
    }
}

var directory = Directory.CreateTempSubdirectory("meshinfra-bench-").FullName;
var clock = System.Diagnostics.Stopwatch.StartNew();
try
{
    var results = new List<SizeResult>();
    LoadedMesh? largest = null;
    foreach (var (clusters, services) in sizes)
    {
        largest = null;
        Bench.Collect();
        var (result, loaded) = SizeRun.Measure(SyntheticMesh.Generate(clusters, services), directory, iterations, Console.Error);
        results.Add(result);
        largest = loaded;
    }

    var churn = ChurnRun.Measure(largest!, directory, Console.Error);

    Console.WriteLine("# MeshInfra benchmarks");
    Console.WriteLine();
    Report.Machine(Console.Out, iterations);
    Report.Sizes(Console.Out, results);
    Report.Churn(Console.Out, largest!.Mesh.Label, churn);
    Console.WriteLine($"Total run time: {clock.Elapsed.TotalSeconds:0} s.");
    return 0;
}
finally
{
    Directory.Delete(directory, recursive: true);
}
