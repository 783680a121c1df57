using System.Collections.Immutable;
using System.Text.Json;
using MeshInfra.Model.Manifests;

namespace MeshInfra.Live;

/// <summary>
/// One page of a list answer: its items as manifest trees, each with apiVersion and kind set (the
/// API server leaves them out of list items, kubectl get -o json puts them back), and without
/// managedFields (bookkeeping no check reads, often the largest part of an object). Read in one
/// forward pass over the bytes (<see cref="JsonTreeReader"/>): a large cluster's pages are most of
/// what doctor spends its own time on.
/// </summary>
internal static class ListPage
{
    private static readonly Func<string, bool> ManagedFields = key => key == "managedFields";

    /// <returns>The continue token of the next page, or null on the last page.</returns>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static string? Read(byte[] body, ResourceKind kind, ImmutableArray<MapNode>.Builder into, JsonTreeReader trees)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"a {kind.Kind}List is a JSON object");
        }

        var apiVersion = new ScalarNode(kind.ApiVersion);
        var kindName = new ScalarNode(kind.Kind);
        string? next = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = trees.Key(ref reader);
            reader.Read();
            if (property == "items" && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        into.Add(Item(ref reader, apiVersion, kindName, trees));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (property == "metadata" && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isContinue = reader.ValueTextEquals("continue"u8);
                    reader.Read();
                    if (isContinue && reader.TokenType == JsonTokenType.String)
                    {
                        next = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything after the list object is not JSON a server sends: refuse it as a parser would.
        if (reader.Read())
        {
            throw new JsonException($"unexpected content after the {kind.Kind}List object");
        }

        return next is { Length: > 0 } ? next : null;
    }

    /// <summary>One list item, at its StartObject, read through its EndObject.</summary>
    private static MapNode Item(ref Utf8JsonReader reader, ScalarNode apiVersion, ScalarNode kind, JsonTreeReader trees)
    {
        var entries = new List<MapEntry>(8) { new("apiVersion", apiVersion), new("kind", kind) };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = trees.Key(ref reader);
            reader.Read();
            if (property is "apiVersion" or "kind")
            {
                reader.Skip();
                continue;
            }

            var value = property == "metadata" && reader.TokenType == JsonTokenType.StartObject
                ? trees.Map(ref reader, depth: 2, skip: ManagedFields)
                : trees.Value(ref reader, depth: 2);
            if (value is not null)
            {
                entries.Add(new MapEntry(property, value));
            }
        }

        return new MapNode([.. entries]);
    }
}
