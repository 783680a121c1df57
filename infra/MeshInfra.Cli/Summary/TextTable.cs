using System.Text;

namespace MeshInfra.Cli.Summary;

/// <summary>A plain-text table: a header row and left-aligned columns two spaces apart, no trailing blanks.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder text, string indent)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = Enumerable.Range(0, headers.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            var line = new StringBuilder(indent);
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
