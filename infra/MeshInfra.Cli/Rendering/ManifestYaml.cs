using System.Globalization;
using MeshInfra.Model.Manifests;
using MeshInfra.Model.Planning;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshInfra.Cli.Rendering;

/// <summary>
/// Writes manifest trees as YAML documents through YamlDotNet's emitter: 2-space indentation with
/// indented sequences, LF line endings, no line folding, keys in the tree's order. Strings a reader
/// would take for another type are double-quoted, multi-line strings are literal blocks, and the
/// emitter quotes whatever else plain style cannot carry. Same tree, same bytes.
/// </summary>
public static class ManifestYaml
{
    private static readonly EmitterSettings Settings = new EmitterSettings()
        .WithBestIndent(2)
        .WithBestWidth(int.MaxValue)
        .WithIndentedSequences()
        .WithNewLine("\n");

    /// <param name="node">The document's root.</param>
    /// <param name="resolve">The value for each deferred node; it must be a scalar.</param>
    /// <param name="comments">Lines written as <c># ...</c> above the document.</param>
    public static string Write(ManifestNode node, Func<DeferredValue, ScalarNode> resolve, IEnumerable<string>? comments = null)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, Settings);
        emitter.Emit(new StreamStart());
        foreach (var comment in comments ?? [])
        {
            emitter.Emit(new Comment(comment, isInline: false));
        }

        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node, resolve);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, ManifestNode node, Func<DeferredValue, ScalarNode> resolve)
    {
        switch (node)
        {
            case ScalarNode scalar:
                EmitScalar(emitter, scalar.Value);
                break;
            case DeferredNode deferred:
                EmitScalar(emitter, resolve(deferred.Value).Value);
                break;
            case MapNode map:
                // Empty maps and lists have no block form; {} and [] are what kubectl prints too.
                emitter.Emit(new MappingStart(null, null, isImplicit: true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var entry in map.Entries)
                {
                    EmitString(emitter, entry.Key, allowBlock: false);
                    Emit(emitter, entry.Value, resolve);
                }

                emitter.Emit(new MappingEnd());
                break;
            case ListNode list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, list.Items.IsEmpty ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list.Items)
                {
                    Emit(emitter, item, resolve);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new InvalidOperationException($"Unknown manifest node {node.GetType().Name}.");
        }
    }

    private static void EmitScalar(IEmitter emitter, object value)
    {
        switch (value)
        {
            case string text:
                EmitString(emitter, text, allowBlock: true);
                break;
            case long number:
                emitter.Emit(new Scalar(null, null, number.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case bool flag:
                emitter.Emit(new Scalar(null, null, flag ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case double real:
                // Round-trip form ("0.5", "1E-05"): both read back as the same YAML float.
                emitter.Emit(new Scalar(null, null, real.ToString("R", CultureInfo.InvariantCulture), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            default:
                throw new InvalidOperationException($"Unsupported scalar {value.GetType().Name}.");
        }
    }

    private static void EmitString(IEmitter emitter, string text, bool allowBlock)
    {
        // YamlDotNet writes a string of nothing but line breaks as a literal block that reads back empty,
        // so those go double-quoted; every other multi-line string is a literal block.
        var style = text.Contains('\n', StringComparison.Ordinal)
            ? (allowBlock && text.Trim('\n').Length > 0 ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted)
            : PlainScalars.MustQuote(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }
}
