using System.Text;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>One generated stack file: its number (which alone rebuilds it), what it started from, what was done to it, and its bytes.</summary>
internal sealed record BadStack(int Number, string Base, IReadOnlyList<string> Mutations, byte[] Content)
{
    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Content);
        return $"case {Number} from {Base}: {string.Join("; ", Mutations)}\n{(text.Length <= 1500 ? text : text[..1500] + $"... ({Content.Length} bytes)")}";
    }
}
