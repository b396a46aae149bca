using System.Text.Json.Nodes;

namespace Aimo.Deployment.Tests;

internal static class ManifestAssertions
{
    public static readonly string[] ProjectTypes = ["project.v0", "project.v1"];
    public static readonly string[] ContainerTypes = ["container.v0", "container.v1"];

    public static string Type(this JsonObject resource) => resource["type"]!.GetValue<string>();

    public static string? Env(this JsonObject resource, string name) => resource["env"]?[name]?.GetValue<string>();

    public static IEnumerable<(string Name, JsonObject Binding)> Bindings(this JsonObject resource) =>
        resource["bindings"]?.AsObject().Select(pair => (pair.Key, pair.Value!.AsObject())) ?? [];

    public static bool IsExternal(this JsonObject binding) => binding["external"]?.GetValue<bool>() ?? false;

    /// <summary>A parameter whose value azd asks for and stores as a secret; it carries no value of its own.</summary>
    public static void AssertSecretParameter(JsonObject resource, string name)
    {
        Assert.Equal("parameter.v0", resource.Type());
        var input = resource["inputs"]?["value"]?.AsObject();
        Assert.NotNull(input);
        Assert.True(input["secret"]?.GetValue<bool>() ?? false, $"Parameter '{name}' is not marked secret.");
        Assert.Null(input["default"]?["value"]);
    }
}
