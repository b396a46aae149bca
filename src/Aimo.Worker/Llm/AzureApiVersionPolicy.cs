using System.ClientModel.Primitives;

namespace Aimo.Worker.Llm;

/// <summary>Adds <c>api-version</c> to every request: Azure OpenAI's classic route answers 404 without it.</summary>
public sealed class AzureApiVersionPolicy(string apiVersion) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddVersion(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddVersion(message);
        await ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void AddVersion(PipelineMessage message)
    {
        var uri = new UriBuilder(message.Request.Uri!);
        var query = uri.Query.TrimStart('?');
        uri.Query = (query.Length > 0 ? query + "&" : "") + "api-version=" + Uri.EscapeDataString(apiVersion);
        message.Request.Uri = uri.Uri;
    }
}
