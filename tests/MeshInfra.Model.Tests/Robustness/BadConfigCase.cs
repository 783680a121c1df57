using System.Text.Json;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>One generated config: its number (which alone rebuilds it), what it started from, what was done to it, and its JSON.</summary>
internal sealed record BadConfigCase(int Number, string Base, IReadOnlyList<string> Mutations, string Json)
{
    // Deep-nesting cases go past System.Text.Json's default depth of 64; the parser must cope with them too.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 10_000 };

    public JsonElement Element()
    {
        using var document = JsonDocument.Parse(Json, Options);
        return document.RootElement.Clone();
    }

    public override string ToString() =>
        $"case {Number} from {Base}: {string.Join("; ", Mutations)}\n{(Json.Length <= 2000 ? Json : Json[..2000] + $"... ({Json.Length} characters)")}";
}
