using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Live;

/// <summary>
/// Builds manifest trees straight from UTF-8 JSON with <see cref="Utf8JsonReader"/>, for the list
/// pages of one cluster. A cluster's objects repeat the same keys (metadata, name, labels) and many
/// of the same short values (v1, TCP, istio, Running) hundreds of thousands of times: each distinct
/// key, and each distinct short string value as a whole leaf, is made once per cluster read and
/// shared (both are immutable), instead of a new string and leaf per occurrence. Going through a
/// <see cref="JsonDocument"/> first cost a second pass and a LINQ pipeline per object.
/// The trees are the ones <see cref="ManifestJson.FromJson"/> gives: key order kept, whole numbers
/// as integers, a null left out of its map or list. Not thread-safe: one per cluster read.
/// </summary>
internal sealed class JsonTreeReader
{
    /// <summary>Keys and values up to this many characters are shared; longer ones (certificates, IPs are shorter) are rarely repeated.</summary>
    private const int SharedLength = 64;

    /// <summary>Bounds what one cluster's read keeps for sharing, whatever its objects hold (user labels are unbounded).</summary>
    private const int MaxShared = 1 << 16;

    private static readonly ScalarNode True = new(true);
    private static readonly ScalarNode False = new(false);

    private readonly Dictionary<string, string> keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarNode> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> keyLookup;
    private readonly Dictionary<string, ScalarNode>.AlternateLookup<ReadOnlySpan<char>> valueLookup;

    // One scratch list per nesting depth, reused for every map and list at that depth.
    private readonly List<List<MapEntry>> entryScratch = [];
    private readonly List<List<ManifestNode>> itemScratch = [];

    public JsonTreeReader()
    {
        keyLookup = keys.GetAlternateLookup<ReadOnlySpan<char>>();
        valueLookup = values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The map at the reader's StartObject token, read through its EndObject; <paramref name="skip"/> names keys left out at this level.</summary>
    public MapNode Map(ref Utf8JsonReader reader, int depth, Func<string, bool>? skip = null)
    {
        var entries = Scratch(entryScratch, depth);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            reader.Read();
            if (skip?.Invoke(key) == true)
            {
                reader.Skip();
                continue;
            }

            if (Value(ref reader, depth + 1) is { } value)
            {
                entries.Add(new MapEntry(key, value));
            }
        }

        var map = new MapNode(ImmutableCollectionsMarshal.AsImmutableArray(entries.ToArray()));
        entries.Clear();
        return map;
    }

    /// <summary>The value at the reader's current token (read through its end), or null for a JSON null.</summary>
    public ManifestNode? Value(ref Utf8JsonReader reader, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return Map(ref reader, depth);
            case JsonTokenType.StartArray:
                var items = Scratch(itemScratch, depth);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (Value(ref reader, depth + 1) is { } item)
                    {
                        items.Add(item);
                    }
                }

                var list = new ListNode(ImmutableCollectionsMarshal.AsImmutableArray(items.ToArray()));
                items.Clear();
                return list;
            case JsonTokenType.String:
                return StringLeaf(ref reader);
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var whole) ? new ScalarNode(whole) : new ScalarNode(reader.GetDouble());
            case JsonTokenType.True:
                return True;
            case JsonTokenType.False:
                return False;
            default:
                return null;
        }
    }

    /// <summary>The property name at the reader, shared with every earlier occurrence.</summary>
    public string Key(ref Utf8JsonReader reader)
    {
        Span<char> buffer = stackalloc char[SharedLength];
        if (!TryUnescaped(ref reader, buffer, out var written))
        {
            return reader.GetString()!;
        }

        var chars = buffer[..written];
        if (keyLookup.TryGetValue(chars, out var known))
        {
            return known;
        }

        var key = new string(chars);
        if (keys.Count < MaxShared)
        {
            keys[key] = key;
        }

        return key;
    }

    private ScalarNode StringLeaf(ref Utf8JsonReader reader)
    {
        Span<char> buffer = stackalloc char[SharedLength];
        if (!TryUnescaped(ref reader, buffer, out var written))
        {
            return new ScalarNode(reader.GetString()!);
        }

        var chars = buffer[..written];
        if (valueLookup.TryGetValue(chars, out var known))
        {
            return known;
        }

        var leaf = new ScalarNode(new string(chars));
        if (values.Count < MaxShared)
        {
            values[(string)leaf.Value] = leaf;
        }

        return leaf;
    }

    /// <summary>Decodes the token's text into <paramref name="buffer"/>; false when it is escaped or longer than the buffer (then GetString decodes it).</summary>
    private static bool TryUnescaped(ref Utf8JsonReader reader, scoped Span<char> buffer, out int written)
    {
        written = 0;
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > buffer.Length)
        {
            return false;
        }

        // UTF-8 never has fewer bytes than the UTF-16 units it decodes to, so the buffer is large enough;
        // invalid UTF-8 is left to GetString, which refuses it as JsonDocument did.
        return Encoding.UTF8.TryGetChars(reader.ValueSpan, buffer, out written) && !buffer[..written].Contains('\uFFFD');
    }

    private static List<T> Scratch<T>(List<List<T>> scratch, int depth)
    {
        while (scratch.Count <= depth)
        {
            scratch.Add([]);
        }

        return scratch[depth];
    }
}
