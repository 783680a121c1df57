using System.Text.Json.Nodes;

namespace MeshInfra.Model.Tests.Robustness;

/// <summary>
/// Applies one mutation at a random site of a config: the mistakes of a hand-edited file (a deleted,
/// misspelt or repeated key, a wrong type, a name that refers to nothing) and hostile values (huge,
/// deeply nested, strange Unicode). Each call says what it did in words, so a failing case reads as a
/// recipe. A mutation that has nowhere to apply returns null and the caller draws another.
/// </summary>
internal sealed class ConfigMutator(MutableConfig config, SplitMix random)
{
    private static readonly MutationKind[] Kinds = Enum.GetValues<MutationKind>();

    public string Mutate()
    {
        while (true)
        {
            var kind = random.Pick(Kinds);
            if (Apply(kind, Site.All(config)) is { } done)
            {
                return $"{kind} {done}";
            }
        }
    }

    private string? Apply(MutationKind kind, List<Site> sites)
    {
        var members = sites.Where(s => s.Container is JsonObject).ToList();
        var items = sites.Where(s => s.Container is JsonArray).ToList();
        var strings = sites.Where(s => s.Value is JsonValue v && v.TryGetValue<string>(out _)).ToList();
        var numbers = sites.Where(s => s.Value is JsonValue v && !v.TryGetValue<string>(out _) && !v.TryGetValue<bool>(out _)).ToList();
        var objects = sites.Where(s => s.Value is JsonObject).ToList();
        var arrays = sites.Where(s => s.Value is JsonArray a && a.Count > 0).ToList();
        // Copying a huge or deeply nested item hundreds of times only makes the suite slow, not the case harder.
        var copyable = arrays.Where(s => ((JsonArray)s.Value!).All(item => Size(item, 200) < 200)).ToList();
        switch (kind)
        {
            case MutationKind.DeleteKey when members.Count > 0 || items.Count > 0:
            {
                var site = random.Pick(random.Chance(75) && members.Count > 0 ? members : items.Count > 0 ? items : members);
                if (site.Container is JsonObject obj)
                {
                    obj.Remove(site.Key!);
                }
                else
                {
                    ((JsonArray)site.Container!).RemoveAt(site.Index);
                }

                return site.Path;
            }

            case MutationKind.SetNull:
            {
                var site = random.Pick(sites);
                site.Set(null);
                return site.Path;
            }

            case MutationKind.ChangeType:
            {
                var site = random.Pick(sites);
                var value = OtherType(site.Value);
                site.Set(value);
                return $"{site.Path} = {Show(value)}";
            }

            case MutationKind.OddString:
            {
                var site = random.Pick(strings.Count > 0 && random.Chance(70) ? strings : sites);
                return SetString(site, random.Pick(OddValues.Strings));
            }

            case MutationKind.AppendLineBreak when strings.Count > 0:
            {
                var site = random.Pick(strings);
                return SetString(site, site.Value!.GetValue<string>() + random.Pick(["\n", "\r\n", "\r", "\u2028"]));
            }

            case MutationKind.HugeString:
            {
                var site = random.Pick(strings.Count > 0 && random.Chance(70) ? strings : sites);
                var unit = random.Pick(["a", "x-", "\U0001F680", "e\u0301", "\u05e9", "\0"]);
                var length = random.Pick([1025, 4096, 65_536, 100_000]);
                return SetString(site, string.Concat(Enumerable.Repeat(unit, length / unit.Length + 1))[..length]);
            }

            case MutationKind.OddNumber:
            {
                var site = random.Pick(numbers.Count > 0 && random.Chance(70) ? numbers : sites);
                var raw = random.Pick(OddValues.Numbers);
                site.Set(JsonNode.Parse(raw));
                return $"{site.Path} = {raw}";
            }

            case MutationKind.NumberAsText when numbers.Count > 0:
            {
                var site = random.Pick(numbers);
                return SetString(site, site.Value!.ToJsonString());
            }

            case MutationKind.DuplicateItem when arrays.Count > 0:
            {
                var site = random.Pick(arrays);
                var array = (JsonArray)site.Value!;
                var at = random.Next(array.Count);
                array.Insert(random.Next(array.Count + 1), array[at]?.DeepClone());
                return $"{site.Path}[{at}]";
            }

            case MutationKind.ManyCopies when copyable.Count > 0:
            {
                var site = random.Pick(copyable);
                var array = (JsonArray)site.Value!;
                var at = random.Next(array.Count);
                var copies = random.Pick([50, 200]);
                for (var i = 0; i < copies; i++)
                {
                    array.Add(array[at]?.DeepClone());
                }

                return $"{site.Path}[{at}] x{copies}";
            }

            case MutationKind.UnknownReference when strings.Count > 0:
            {
                // A name written in two places is a definition and its references; change one of them.
                var texts = strings.GroupBy(s => s.Value!.GetValue<string>()).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
                var site = random.Pick(texts.Count > 0 ? texts : strings);
                return SetString(site, site.Value!.GetValue<string>() + random.Pick(["-ghost", "9", "x"]));
            }

            case MutationKind.SwapReference when strings.Count > 1:
            {
                var site = random.Pick(strings);
                return SetString(site, random.Pick(strings).Value!.GetValue<string>());
            }

            case MutationKind.UnknownKey when objects.Count > 0:
            {
                var site = random.Pick(objects);
                var obj = (JsonObject)site.Value!;
                var key = random.Next(3) switch
                {
                    0 when obj.Count > 0 => Typo(obj.ElementAt(random.Next(obj.Count)).Key),
                    1 => random.Pick(members).Key!,
                    _ => random.Pick(OddValues.Strings),
                };
                if (obj.ContainsKey(key))
                {
                    return null;
                }

                obj[key] = RandomValue();
                return $"{site.Path} + {Show(JsonValue.Create(key))}";
            }

            case MutationKind.RenameKey when members.Count > 0:
            {
                var site = random.Pick(members);
                var obj = (JsonObject)site.Container!;
                var renamed = Typo(site.Key!);
                if (obj.ContainsKey(renamed))
                {
                    return null;
                }

                var entries = obj.ToList();
                obj.Clear();
                foreach (var (key, value) in entries)
                {
                    obj[key == site.Key ? renamed : key] = value;
                }

                return $"{site.Path} -> {Show(JsonValue.Create(renamed))}";
            }

            case MutationKind.DuplicateKey when members.Count > 0:
            {
                var site = random.Pick(members);
                var value = random.Chance(50) ? site.Value?.DeepClone() : RandomValue();
                config.Repeat((JsonObject)site.Container!, site.Key!, value);
                return $"{site.Path} again = {Show(value)}";
            }

            case MutationKind.DeepNesting:
            {
                var site = random.Pick(sites);
                var depth = random.Pick([65, 500, 3000]);
                JsonNode nested = JsonValue.Create(1);
                for (var i = 0; i < depth; i++)
                {
                    nested = random.Chance(50) ? new JsonArray(nested) : new JsonObject { ["a"] = nested };
                }

                site.Set(nested);
                return $"{site.Path} nested {depth} deep";
            }

            case MutationKind.HugeArray:
            {
                var site = random.Pick(sites);
                var count = random.Pick([1000, 5000]);
                var array = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    array.Add(random.Chance(50) ? JsonValue.Create(i) : JsonValue.Create($"item{i}"));
                }

                site.Set(array);
                return $"{site.Path} = [{count} items]";
            }

            case MutationKind.EmptyContainer:
            {
                var site = random.Pick(objects.Count + arrays.Count > 0 && random.Chance(70) ? [.. objects, .. arrays] : sites);
                JsonNode empty = random.Chance(50) ? new JsonArray() : new JsonObject();
                site.Set(empty);
                return $"{site.Path} = {empty.ToJsonString()}";
            }

            default:
                return null;
        }
    }

    private string SetString(Site site, string text)
    {
        var value = JsonValue.Create(text);
        site.Set(value);
        return $"{site.Path} = {Show(value)}";
    }

    /// <summary>A value of another JSON type than <paramref name="current"/>.</summary>
    private JsonNode? OtherType(JsonNode? current)
    {
        while (true)
        {
            var value = RandomValue();
            if (value?.GetValueKind() != current?.GetValueKind())
            {
                return value;
            }
        }
    }

    private JsonNode? RandomValue() => random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(true),
        2 => JsonValue.Create(false),
        3 => JsonNode.Parse(random.Pick(OddValues.Numbers)),
        4 => JsonValue.Create(random.Pick(OddValues.Strings)),
        5 => new JsonArray(),
        6 => new JsonArray(JsonValue.Create("cluster1"), JsonValue.Create(2)),
        7 => new JsonObject(),
        _ => new JsonObject { ["name"] = JsonValue.Create("x") },
    };

    /// <summary>A one-edit misspelling, the kind the parser's "did you mean" hint is for.</summary>
    private string Typo(string key)
    {
        if (key.Length < 2)
        {
            return key + "s";
        }

        var at = random.Next(key.Length - 1);
        return random.Next(4) switch
        {
            0 => key.Remove(at, 1),
            1 => string.Concat(key.AsSpan(0, at), key[at + 1].ToString(), key[at].ToString(), key.AsSpan(at + 2)),
            2 => key.ToUpperInvariant(),
            _ => key + "s",
        };
    }

    /// <summary>How many nodes <paramref name="node"/> holds, counting no further than <paramref name="limit"/>.</summary>
    private static int Size(JsonNode? node, int limit)
    {
        var count = 1;
        foreach (var child in node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a, _ => [] })
        {
            count += Size(child, limit - count);
            if (count >= limit)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>A value as JSON, clipped, for the case's description.</summary>
    private static string Show(JsonNode? value)
    {
        var config = new MutableConfig(value);
        var json = config.ToJson();
        return json.Length <= 60 ? json : json[..57] + "...";
    }
}
