using System.Collections.Immutable;
using MeshInfra.Model.Dns;

namespace MeshInfra.Model.Tests.Dns;

/// <summary>
/// Round-trip laws over many generated meshes. A fixed seed keeps failures reproducible without FsCheck,
/// whose shrinking would add little for inputs this small.
/// </summary>
public sealed class CorefileEditorPropertyTests
{
    private const int Iterations = 200;

    [Fact]
    public void ApplyIsIdempotentAndRemoveUndoesItForGeneratedHostSets()
    {
        var random = new Random(20240601);
        var corefiles = Corefiles.All.ToArray();

        for (var i = 0; i < Iterations; i++)
        {
            var corefile = corefiles[random.Next(corefiles.Length)];
            var first = Generate(random);
            var second = Generate(random);

            var applied = CorefileEditor.Apply(corefile, first);
            var context = $"iteration {i}, corefile #{Array.IndexOf(corefiles, corefile)}";

            Assert.True(applied == CorefileEditor.Apply(applied, first), $"Apply(Apply(x)) != Apply(x) at {context}");
            Assert.True(corefile == CorefileEditor.Remove(applied, first.GlobalDomain), $"Remove(Apply(x)) != x at {context}");

            // Updating to another host set must equal applying that set to the original directly.
            var updated = CorefileEditor.Apply(applied, second);
            Assert.True(CorefileEditor.Apply(corefile, second) == updated, $"update != fresh apply at {context}");
            Assert.True(corefile == CorefileEditor.Remove(updated, second.GlobalDomain), $"Remove after update != id at {context}");
        }
    }

    private static MeshDnsBlock Generate(Random random)
    {
        string[] namespaces = ["default", "bar", "foo", "istio-system", "a1"];
        string[] services = ["httpbin", "reviews", "ratings", "details", "productpage", "db-0", "x"];
        var hostnames = new HashSet<string>(StringComparer.Ordinal);
        var count = random.Next(0, 12);
        for (var n = 0; n < count; n++)
        {
            hostnames.Add($"{services[random.Next(services.Length)]}.{namespaces[random.Next(namespaces.Length)]}.global");
        }

        var entries = hostnames
            .Select(hostname => new HostsEntry($"240.0.{random.Next(0, 256)}.{random.Next(1, 255)}", hostname))
            .ToImmutableArray();
        return new MeshDnsBlock("global", entries);
    }
}
