namespace MeshInfra.Injection;

/// <summary>One requirement of a label selector (a matchLabels pair is an In with one value).</summary>
public sealed record SelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public static SelectorRequirement In(string key, params string[] values) => new(key, "In", values);

    public static SelectorRequirement NotIn(string key, params string[] values) => new(key, "NotIn", values);

    public static SelectorRequirement Absent(string key) => new(key, "DoesNotExist", []);

    public bool Holds(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "In" => present && Values.Contains(value),
            "NotIn" => !present || !Values.Contains(value),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => throw new InvalidDataException($"unknown selector operator {Operator}"),
        };
    }
}
