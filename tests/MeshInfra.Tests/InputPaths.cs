using System.Collections;

namespace MeshInfra.Tests;

/// <summary>Navigates the deserialized inputs a mock receives (dictionaries and lists of plain values).</summary>
internal static class InputPaths
{
    public static object? At(this object? value, params object[] path)
    {
        foreach (var step in path)
        {
            value = (value, step) switch
            {
                (IDictionary<string, object> map, string key) => map.TryGetValue(key, out var v) ? v : null,
                (IList list, int index) => index < list.Count ? list[index] : null,
                _ => null,
            };
        }

        return value;
    }

    public static IEnumerable<object?> Items(this object? value) => value is IList list ? list.Cast<object?>() : [];
}
