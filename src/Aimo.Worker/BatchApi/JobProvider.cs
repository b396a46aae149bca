// The OpenAI library marks its Batch API experimental (OPENAI001); it is what the issue asks for.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Aimo.Worker.Llm;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Aimo.Worker.BatchApi;

/// <summary>A job as the provider reports it.</summary>
public sealed record ProviderJob(string Id, string Status, string? OutputFileId, string? ErrorFileId, string? Errors)
{
    /// <summary>The provider is done with it (whatever the outcome): its files are final.</summary>
    public bool Ended => Status is "completed" or "failed" or "expired" or "cancelled";
}

/// <summary>
/// The provider's Files and Batch APIs through the OpenAI library (<see cref="OpenAIFileClient"/>, <see cref="BatchClient"/>'s
/// protocol methods), on an HTTP client of their own: job traffic is not the chat calls' (no per-call budget, rate
/// limit or retry layer of theirs applies); the service defaults' standard resilience handler retries it.
/// </summary>
public sealed class JobProvider(LlmConnection connection, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "llm-batch";

    private OpenAIClient Client() => new(new ApiKeyCredential(connection.Key), new OpenAIClientOptions
    {
        Endpoint = connection.Endpoint,
        Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    public async Task<string> UploadAsync(BinaryData jsonl, string fileName, CancellationToken cancellationToken)
    {
        var file = await Client().GetOpenAIFileClient().UploadFileAsync(jsonl.ToStream(), fileName, FileUploadPurpose.Batch, cancellationToken);
        return file.Value.Id;
    }

    /// <summary>Creates the job; <paramref name="jobId"/> goes in its metadata, so a job whose creation was not recorded can be found.</summary>
    public async Task<ProviderJob> CreateAsync(string inputFileId, Guid jobId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            input_file_id = inputFileId,
            endpoint = JobFile.Endpoint,
            completion_window = "24h",
            metadata = new Dictionary<string, string> { [MetadataKey] = jobId.ToString() },
        });
        var operation = await Client().GetBatchClient().CreateBatchAsync(BinaryContent.Create(BinaryData.FromBytes(body)), waitUntilCompleted: false,
            new RequestOptions { CancellationToken = cancellationToken });
        return Read(operation.GetRawResponse().Content);
    }

    public async Task<ProviderJob> GetAsync(string providerJobId, CancellationToken cancellationToken)
    {
        var operation = await CreateBatchOperation.RehydrateAsync(Client().GetBatchClient(), providerJobId, cancellationToken);
        return Read(operation.GetRawResponse().Content);
    }

    /// <summary>The job created for <paramref name="jobId"/> among the provider's latest 100, if any (a submission cut short).</summary>
    public async Task<ProviderJob?> FindAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var pipeline = Client().GetBatchClient().Pipeline;
        using var message = pipeline.CreateMessage();
        message.Request.Method = "GET";
        message.Request.Uri = new Uri(connection.Endpoint.ToString().TrimEnd('/') + "/batches?limit=100");
        message.Apply(new RequestOptions { CancellationToken = cancellationToken });
        await pipeline.SendAsync(message);
        if (message.Response is not { IsError: false } response)
        {
            throw new ClientResultException(message.Response!);
        }
        using var doc = JsonDocument.Parse(response.Content);
        foreach (var job in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            if (job.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty(MetadataKey, out var id) && id.GetString() == jobId.ToString())
            {
                return Read(BinaryData.FromString(job.GetRawText()));
            }
        }
        return null;
    }

    public async Task<string> DownloadAsync(string fileId, CancellationToken cancellationToken) =>
        (await Client().GetOpenAIFileClient().DownloadFileAsync(fileId, cancellationToken)).Value.ToString();

    private const string MetadataKey = "aimo_job_id";

    private static ProviderJob Read(BinaryData json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetRawText() : null;
        return new ProviderJob(Text("id")!, Text("status")!, Text("output_file_id"), Text("error_file_id"), errors);
    }
}
