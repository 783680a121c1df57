using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MeshInfra.Cli.Tests.Robustness;

/// <summary>
/// Applies one mutation at a random site of a stack file's YAML tree and says what it did, so a failing
/// case reads as a recipe. Most sites lie under <c>mesh-infra:mesh</c>; the few above it (config:, the
/// mesh key itself) get broken too. A mutation with nowhere to apply returns null and another is drawn.
/// </summary>
internal sealed class YamlMutator(YamlMappingNode root, SplitMix random)
{
    private static readonly YamlMutationKind[] Kinds = Enum.GetValues<YamlMutationKind>();

    private int anchors;

    public string Mutate()
    {
        while (true)
        {
            var kind = random.Pick(Kinds);
            if (Apply(kind, YamlSite.All(root)) is { } done)
            {
                return $"{kind} {done}";
            }
        }
    }

    private string? Apply(YamlMutationKind kind, List<YamlSite> sites)
    {
        var members = sites.Where(s => s.Container is YamlMappingNode).ToList();
        var items = sites.Where(s => s.Container is YamlSequenceNode).ToList();
        var scalars = sites.Where(s => s.Value is YamlScalarNode).ToList();
        var numbers = scalars.Where(s => s.Value is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } n && long.TryParse(n.Value, out _)).ToList();
        var maps = sites.Where(s => s.Value is YamlMappingNode).ToList();
        var lists = sites.Where(s => s.Value is YamlSequenceNode { Children.Count: > 0 }).ToList();
        switch (kind)
        {
            case YamlMutationKind.DeleteKey when members.Count > 0 || items.Count > 0:
            {
                var site = random.Pick(random.Chance(75) && members.Count > 0 ? members : items.Count > 0 ? items : members);
                if (site.Container is YamlMappingNode map)
                {
                    map.Children.Remove(site.Key!);
                }
                else
                {
                    ((YamlSequenceNode)site.Container).Children.RemoveAt(site.Index);
                }

                return site.Path;
            }

            case YamlMutationKind.SetNull:
            {
                var site = random.Pick(sites);
                var spelling = random.Pick(["null", "~", "", "Null"]);
                site.Set(Plain(spelling));
                return $"{site.Path} = {Show(spelling)}";
            }

            case YamlMutationKind.ChangeType:
            {
                var site = random.Pick(sites);
                var value = RandomValue();
                site.Set(value);
                return $"{site.Path} = {Describe(value)}";
            }

            case YamlMutationKind.OddString:
            {
                var site = random.Pick(scalars.Count > 0 && random.Chance(70) ? scalars : sites);
                return SetText(site, random.Pick(OddScalars.Strings));
            }

            case YamlMutationKind.AppendLineBreak when scalars.Count > 0:
            {
                var site = random.Pick(scalars);
                return SetText(site, ((YamlScalarNode)site.Value).Value + random.Pick(["\n", "\r\n", "\r", "\u2028", "\u0085"]));
            }

            case YamlMutationKind.HugeString:
            {
                var site = random.Pick(scalars.Count > 0 && random.Chance(70) ? scalars : sites);
                var unit = random.Pick(["a", "x-", "\U0001F680", "e\u0301", "\u05e9", "\0"]);
                var length = random.Pick([1025, 4096, 65_536, 100_000]);
                var text = string.Concat(Enumerable.Repeat(unit, length / unit.Length + 1))[..length];
                // YAML text cannot hold half a surrogate pair (the emitter refuses one), so the cut must not split an emoji.
                return SetText(site, char.IsHighSurrogate(text[^1]) ? text[..^1] : text);
            }

            case YamlMutationKind.OddNumber:
            {
                var site = random.Pick(numbers.Count > 0 && random.Chance(70) ? numbers : sites);
                var text = random.Pick(OddScalars.Numbers);
                site.Set(Plain(text));
                return $"{site.Path} = {text}";
            }

            case YamlMutationKind.QuoteNumber when numbers.Count > 0:
            {
                var site = random.Pick(numbers);
                ((YamlScalarNode)site.Value).Style = random.Pick([ScalarStyle.SingleQuoted, ScalarStyle.DoubleQuoted]);
                return site.Path;
            }

            case YamlMutationKind.DuplicateItem when lists.Count > 0:
            {
                var site = random.Pick(lists);
                var list = ((YamlSequenceNode)site.Value).Children;
                var at = random.Next(list.Count);
                list.Insert(random.Next(list.Count + 1), Copy(list[at]));
                return $"{site.Path}[{at}]";
            }

            case YamlMutationKind.ManyCopies when lists.Count > 0:
            {
                var site = random.Pick(lists);
                var list = ((YamlSequenceNode)site.Value).Children;
                var at = random.Next(list.Count);
                if (Size(list[at], 200) >= 200)
                {
                    return null;
                }

                var copies = random.Pick([50, 200]);
                for (var i = 0; i < copies; i++)
                {
                    list.Add(Copy(list[at]));
                }

                return $"{site.Path}[{at}] x{copies}";
            }

            case YamlMutationKind.UnknownReference when scalars.Count > 0:
            {
                // A name written in two places is a definition and its references; change one of them.
                var texts = scalars.GroupBy(s => ((YamlScalarNode)s.Value).Value).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
                var site = random.Pick(texts.Count > 0 ? texts : scalars);
                return SetText(site, ((YamlScalarNode)site.Value).Value + random.Pick(["-ghost", "9", "x"]));
            }

            case YamlMutationKind.SwapReference when scalars.Count > 1:
            {
                var site = random.Pick(scalars);
                return SetText(site, ((YamlScalarNode)random.Pick(scalars).Value).Value ?? "");
            }

            case YamlMutationKind.UnknownKey when maps.Count > 0:
            {
                var site = random.Pick(maps);
                var map = (YamlMappingNode)site.Value;
                var key = random.Next(3) switch
                {
                    0 when map.Children.Count > 0 => Typo((map.Children.ElementAt(random.Next(map.Children.Count)).Key as YamlScalarNode)?.Value ?? "k"),
                    1 => (random.Pick(members).Key as YamlScalarNode)?.Value ?? "k",
                    _ => random.Pick(OddScalars.Strings),
                };
                if (map.Children.ContainsKey(new YamlScalarNode(key)))
                {
                    return null;
                }

                map.Children.Add(new YamlScalarNode(key), RandomValue());
                return $"{site.Path} + {Show(key)}";
            }

            case YamlMutationKind.RenameKey when members.Count > 0:
            {
                var site = random.Pick(members);
                var map = (YamlMappingNode)site.Container;
                var renamed = Typo((site.Key as YamlScalarNode)?.Value ?? "k");
                if (map.Children.ContainsKey(new YamlScalarNode(renamed)))
                {
                    return null;
                }

                var entries = map.Children.ToList();
                map.Children.Clear();
                foreach (var (key, value) in entries)
                {
                    map.Children.Add(ReferenceEquals(key, site.Key) ? new YamlScalarNode(renamed) : key, value);
                }

                return $"{site.Path} -> {Show(renamed)}";
            }

            case YamlMutationKind.DeepNesting:
            {
                var site = random.Pick(sites);
                // Past the CLI's limit of 64; much deeper only slows YamlDotNet's scanner, which is quadratic in flow depth.
                var depth = random.Pick([10, 65, 300]);
                YamlNode nested = Plain("1");
                for (var i = 0; i < depth; i++)
                {
                    // Flow style ([[{a: 1}]]): in block style the indentation alone would make megabytes.
                    nested = random.Chance(50)
                        ? new YamlSequenceNode(nested) { Style = SequenceStyle.Flow }
                        : new YamlMappingNode(KeyValuePair.Create<YamlNode, YamlNode>(new YamlScalarNode("a"), nested)) { Style = MappingStyle.Flow };
                }

                site.Set(nested);
                return $"{site.Path} nested {depth} deep";
            }

            case YamlMutationKind.HugeArray:
            {
                var site = random.Pick(sites);
                var count = random.Pick([1000, 5000]);
                site.Set(new YamlSequenceNode(Enumerable.Range(0, count).Select(i => (YamlNode)(random.Chance(50) ? Plain($"{i}") : new YamlScalarNode($"item{i}")))));
                return $"{site.Path} = [{count} items]";
            }

            case YamlMutationKind.EmptyContainer:
            {
                var site = random.Pick(maps.Count + lists.Count > 0 && random.Chance(70) ? [.. maps, .. lists] : sites);
                site.Set(random.Chance(50) ? new YamlSequenceNode() : new YamlMappingNode());
                return $"{site.Path} emptied";
            }

            case YamlMutationKind.Restyle when scalars.Count > 0:
            {
                // Block styles add a final line break; plain style turns "8000" or "true" into another type.
                var site = random.Pick(scalars);
                var style = random.Pick([ScalarStyle.Plain, ScalarStyle.SingleQuoted, ScalarStyle.DoubleQuoted, ScalarStyle.Literal, ScalarStyle.Folded]);
                ((YamlScalarNode)site.Value).Style = style;
                return $"{site.Path} as {style}";
            }

            case YamlMutationKind.Tag when scalars.Count > 0 || maps.Count > 0:
            {
                var site = random.Pick(scalars.Count > 0 && random.Chance(80) ? scalars : maps);
                var tag = random.Pick(["tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:float", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:map", "!custom"]);
                site.Value.Tag = new TagName(tag);
                return $"{site.Path} tagged {tag}";
            }

            case YamlMutationKind.Alias when sites.Count > 1:
            {
                // The same node in two places is written as an anchor and an alias; never an ancestor, which would be a cycle.
                var site = random.Pick(sites);
                var target = random.Pick(sites).Value;
                if (ReferenceEquals(target, site.Value) || site.Ancestors.Contains(target, ReferenceEqualityComparer.Instance))
                {
                    return null;
                }

                site.Set(target);
                return $"{site.Path} = alias of {Anchor(target)}";
            }

            case YamlMutationKind.Secure:
            {
                var site = random.Pick(sites);
                site.Set(new YamlMappingNode { { "secure", "v1:c2VjcmV0LWluLXRoZS1tZXNo" } });
                return $"{site.Path} = secure value";
            }

            case YamlMutationKind.MergeKey when maps.Count > 1:
            {
                var site = random.Pick(maps);
                var other = random.Pick(maps).Value;
                if (ReferenceEquals(other, site.Value) || site.Ancestors.Contains(other, ReferenceEqualityComparer.Instance) || ((YamlMappingNode)site.Value).Children.ContainsKey(new YamlScalarNode("<<")))
                {
                    return null;
                }

                ((YamlMappingNode)site.Value).Children.Add(Plain("<<"), other);
                return $"{site.Path} + merge key of {Anchor(other)}";
            }

            default:
                return null;
        }
    }

    /// <summary>Names the node's anchor, so its second appearance is written as an alias of the first.</summary>
    private string Anchor(YamlNode node)
    {
        if (node.Anchor.IsEmpty)
        {
            node.Anchor = new AnchorName($"a{++anchors}");
        }

        return $"&{node.Anchor}";
    }

    private static YamlScalarNode Plain(string text) => new(text) { Style = ScalarStyle.Plain };

    private string SetText(YamlSite site, string text)
    {
        // Any: the emitter picks a style that reads back as this exact text, quoting where it must.
        site.Set(new YamlScalarNode(text) { Style = random.Chance(70) ? ScalarStyle.Any : ScalarStyle.DoubleQuoted });
        return $"{site.Path} = {Show(text)}";
    }

    private YamlNode RandomValue() => random.Next(10) switch
    {
        9 => new YamlMappingNode { { "secure", "v1:c2VjcmV0LWluLXRoZS1tZXNo" } },
        0 => Plain("null"),
        1 => Plain("true"),
        2 => Plain("false"),
        3 => Plain(random.Pick(OddScalars.Numbers)),
        4 => new YamlScalarNode(random.Pick(OddScalars.Strings)),
        5 => new YamlSequenceNode(),
        6 => new YamlSequenceNode(new YamlScalarNode("cluster1"), Plain("2")),
        7 => new YamlMappingNode(),
        _ => new YamlMappingNode { { "name", "x" } },
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

    /// <summary>A deep copy, so a copied item is a separate value rather than an alias of the first.</summary>
    private static YamlNode Copy(YamlNode node) => node switch
    {
        YamlScalarNode s => new YamlScalarNode(s.Value) { Style = s.Style, Tag = s.Tag },
        YamlSequenceNode l => new YamlSequenceNode(l.Children.Select(Copy)) { Style = l.Style },
        YamlMappingNode m => new YamlMappingNode(m.Children.Select(e => KeyValuePair.Create(Copy(e.Key), Copy(e.Value)))) { Style = m.Style },
        _ => node,
    };

    private static int Size(YamlNode node, int limit)
    {
        var count = 1;
        foreach (var child in node switch { YamlMappingNode m => m.Children.Values, YamlSequenceNode l => l.Children, _ => [] })
        {
            count += Size(child, limit - count);
            if (count >= limit)
            {
                break;
            }
        }

        return count;
    }

    private static string Describe(YamlNode node) => node is YamlScalarNode s ? Show(s.Value ?? "") : node.NodeType.ToString();

    /// <summary>Text as a C#-style escaped literal, clipped, for the case's description.</summary>
    private static string Show(string text)
    {
        var escaped = string.Concat(text.Take(40).Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
        return $"\"{escaped}{(text.Length > 40 ? "..." : "")}\"";
    }
}
