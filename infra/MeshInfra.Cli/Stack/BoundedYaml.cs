using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// Loads YAML from a reader (a stack file, or a rendered object `trace --objects` reads) through
/// <see cref="BoundedParser"/>, so nesting, value length and aliases are bounded, and every YAML
/// error becomes a <see cref="StackFileException"/> with a position: exit 2, never a crash.
/// </summary>
public static partial class BoundedYaml
{
    /// <exception cref="StackFileException">The YAML is malformed or past a limit.</exception>
    public static YamlStream Load(string path, TextReader text)
    {
        var stream = new YamlStream();
        var tabs = new IndentationTabReader(text);
        var scanner = new Scanner(tabs);
        try
        {
            stream.Load(new BoundedParser(new Parser(scanner), path));
        }
        catch (YamlException e)
        {
            // Some of YamlDotNet's errors carry no position; where the scanner stopped is the line.
            var at = e.Start.Index == 0 && e.End.Index == 0 ? scanner.CurrentPosition : e.Start;
            var position = new SourcePosition((int)at.Line, (int)at.Column);

            // A tab in the indentation is reported at the value before it (often on the line above): point at the tab.
            if (e.Message.Contains("tab character", StringComparison.Ordinal) && tabs.FirstTabFrom(position) is { } tab)
            {
                throw new StackFileException($"{path}:{tab}: malformed YAML: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces");
            }

            throw new StackFileException($"{path}:{position}: malformed YAML: {CleanMessage(e.Message)}");
        }
        catch (SystemException e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet's scanner gives up with an InvalidOperationException on some broken flow collections
            // (an unclosed '[' followed by more lines). It is still the input's fault, so it is still exit 2;
            // where the scanner stopped is the best position there is.
            var at = scanner.CurrentPosition;
            throw new StackFileException($"{path}:{at.Line}:{at.Column}: malformed YAML: cannot parse past this point; look above it for an unclosed '[', '{{' or quote");
        }

        return stream;
    }

    private static string CleanMessage(string message) => MarkPrefix().Replace(message, "").Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
