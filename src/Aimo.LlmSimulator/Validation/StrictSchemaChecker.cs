using System.Text.Json;
using Aimo.LlmSimulator.OpenAi;

namespace Aimo.LlmSimulator.Validation;

/// <summary>
/// What strict structured outputs demand of a schema, checked the way the real API reports it: the root is an
/// object, and every object, at any depth, has <c>additionalProperties: false</c> and lists every property in
/// <c>required</c> (optional fields are spelled as a union with null instead). The first problem found, in
/// document order, is reported with its path as the API prints it: <c>In context=('properties', 'results', 'items')</c>.
/// </summary>
public static class StrictSchemaChecker
{
    private static readonly string[] Containers = ["properties", "$defs", "definitions"];
    private static readonly string[] Lists = ["anyOf", "prefixItems"];

    public static OpenAiErrorResponse? Problem(string name, JsonElement schema)
    {
        var rootType = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t) ? t : default;
        if (rootType.ValueKind != JsonValueKind.String || rootType.GetString() != "object")
            return ParameterErrors.SchemaRootNotObject(name, rootType.ValueKind == JsonValueKind.String ? rootType.GetString()! : "None");
        return Walk(name, schema, []);
    }

    private static OpenAiErrorResponse? Walk(string name, JsonElement node, List<object> path)
    {
        if (node.ValueKind != JsonValueKind.Object) return null;
        if (IsObjectSchema(node) && ObjectProblem(node) is { } problem)
            return ParameterErrors.InvalidSchema(name, Context(path), problem);

        foreach (var child in Children(node))
        {
            path.AddRange(child.Path);
            var found = Walk(name, child.Node, path);
            path.RemoveRange(path.Count - child.Path.Length, child.Path.Length);
            if (found is not null) return found;
        }
        return null;
    }

    private static bool IsObjectSchema(JsonElement node)
    {
        if (node.TryGetProperty("properties", out _)) return true;
        if (!node.TryGetProperty("type", out var type)) return false;
        return type.ValueKind == JsonValueKind.String
            ? type.GetString() == "object"
            : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "object");
    }

    private static string? ObjectProblem(JsonElement node)
    {
        if (!node.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            return "'additionalProperties' is required to be supplied and to be false.";
        if (!node.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return null;
        var required = node.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()).ToHashSet()
            : [];
        foreach (var property in properties.EnumerateObject())
        {
            if (!required.Contains(property.Name))
                return $"'required' is required to be supplied and to be an array including every key in properties. Missing '{property.Name}'.";
        }
        return null;
    }

    private static IEnumerable<(object[] Path, JsonElement Node)> Children(JsonElement node)
    {
        foreach (var property in node.EnumerateObject())
        {
            if (Containers.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in property.Value.EnumerateObject())
                    yield return ([property.Name, entry.Name], entry.Value);
            }
            else if (Lists.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                    yield return ([property.Name, index++], item);
            }
            else if (property.Name == "items")
            {
                yield return (["items"], property.Value);
            }
        }
    }

    /// <summary>Python's tuple repr: <c>()</c>, <c>('items',)</c>, <c>('properties', 'a', 'anyOf', 0)</c>.</summary>
    private static string Context(List<object> path) => path.Count switch
    {
        0 => "()",
        1 => $"({Item(path[0])},)",
        _ => "(" + string.Join(", ", path.Select(Item)) + ")",
    };

    private static string Item(object part) => part is int i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'{part}'";
}
