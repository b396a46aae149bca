using System.ClientModel;
using System.ClientModel.Primitives;
using Aimo.Core.Signatures;
using Aimo.Worker.Classify;
using Aimo.Worker.Llm;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// The body of a job line: the chat request the synchronous path sends for the same planned batch, byte for byte.
/// It is built by the same code — <see cref="Conversation.FirstMessages"/>, <see cref="ModelRequest.Options"/> and the
/// OpenAI library behind Microsoft.Extensions.AI — on a client whose transport keeps the request instead of sending it,
/// so no hand-written copy of the library's serialization can drift from what a synchronous call sends.
/// </summary>
public sealed class JobRequests(LlmConnection connection, ModelRequest request, IOutputCap? outputCap = null)
{
    public async Task<BinaryData> BodyAsync(IReadOnlyList<FormattedSignature> group, CancellationToken cancellationToken)
    {
        var capture = new CapturingHandler();
        using var http = new HttpClient(capture);
        var client = new OpenAIClient(new ApiKeyCredential(connection.Key), new OpenAIClientOptions
        {
            Endpoint = connection.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).GetChatClient(connection.Deployment).AsIChatClient();
        if (outputCap is not null)
        {
            await outputCap.RefreshIfStaleAsync();
        }
        try
        {
            await client.GetResponseAsync(Conversation.FirstMessages(request, group), request.Options(group.Count, outputCap?.PerSignature), cancellationToken);
        }
        catch (ClientResultException) when (capture.Body is not null)
        {
            // The transport answered 418 on purpose: the request was only to be written down.
        }
        return capture.Body ?? throw new InvalidOperationException("The chat client sent no request to capture.");
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public BinaryData? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage httpRequest, CancellationToken cancellationToken)
        {
            Body = BinaryData.FromBytes(await httpRequest.Content!.ReadAsByteArrayAsync(cancellationToken));
            return new HttpResponseMessage((System.Net.HttpStatusCode)418) { Content = new StringContent("{}") };
        }
    }
}
