using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Prompting;

namespace Aimo.Core.Tests.Prompting;

public class ClassificationSchemaTests
{
    private static IEnumerable<JsonElement> ObjectSchemas(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("properties", out _))
            {
                yield return node;
            }
            foreach (var child in node.EnumerateObject().SelectMany(p => ObjectSchemas(p.Value)))
            {
                yield return child;
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in node.EnumerateArray().SelectMany(ObjectSchemas))
            {
                yield return child;
            }
        }
    }

    private static JsonElement ItemSchema =>
        ClassificationSchema.Json.GetProperty("properties").GetProperty("results").GetProperty("items");

    [Fact]
    public void Every_object_requires_all_its_properties_and_allows_no_others()
    {
        var objects = ObjectSchemas(ClassificationSchema.Json).ToList();
        Assert.Equal(2, objects.Count);
        foreach (var schema in objects)
        {
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
            var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order();
            Assert.Equal(properties, required);
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        }
    }

    [Fact]
    public void Item_properties_are_camel_case_and_enums_list_the_snake_case_values()
    {
        var properties = ItemSchema.GetProperty("properties");
        Assert.Equal(["id", "service", "category", "risk", "confidence", "rationale"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Enum.GetValues<Category>().Select(AimoJson.ToWire),
            properties.GetProperty("category").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["low", "medium", "high", "critical"],
            properties.GetProperty("risk").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("ai_service", ClassificationSchema.Text);
        Assert.Contains("malware_c2", ClassificationSchema.Text);
    }

    [Fact]
    public void Response_format_carries_the_schema_and_its_name()
    {
        Assert.Equal(ClassificationSchema.Name, ClassificationSchema.ResponseFormat.SchemaName);
        Assert.Equal(ClassificationSchema.Text, ClassificationSchema.ResponseFormat.Schema!.Value.GetRawText());
    }

    [Fact]
    public void Shared_options_round_trip_a_response_in_the_wire_format()
    {
        var response = new ClassificationResponse([new("sig_1", "OpenAI API", Category.AiService, RiskLevel.High, 0.93, "Chat API.")]);
        var json = JsonSerializer.Serialize(response, AimoJson.Options);
        Assert.Equal("""{"results":[{"id":"sig_1","service":"OpenAI API","category":"ai_service","risk":"high","confidence":0.93,"rationale":"Chat API."}]}""", json);
        var back = JsonSerializer.Deserialize<ClassificationResponse>(json, AimoJson.Options)!;
        Assert.Equal(response.Results, back.Results);
        Assert.True(AimoJson.Options.IsReadOnly);
    }
}
