using System.ClientModel.Primitives;
using Azure.Core;

namespace Aimo.Worker.Llm;

/// <summary>
/// Sends an Entra ID token for <paramref name="scope"/> as the bearer, kept until shortly before it expires. Like
/// System.ClientModel's <c>BearerTokenPolicy</c>, it never sends a token in clear over the network — but it allows
/// loopback, where llm-sim plays Azure over plain http, so the stack tests run the token path Azure gets.
/// </summary>
public sealed class EntraTokenPolicy(TokenCredential credential, string scope) : AuthenticationPolicy
{
    // DefaultAzureCredential's developer credentials (az login) do not cache: one token serves calls until near expiry.
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken _token;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Authorize(message, ProcessTokenAsync(message.CancellationToken).AsTask().GetAwaiter().GetResult());
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Authorize(message, await ProcessTokenAsync(message.CancellationToken));
        await ProcessNextAsync(message, pipeline, currentIndex);
    }

    private static void Authorize(PipelineMessage message, string token)
    {
        var uri = message.Request.Uri!;
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new InvalidOperationException($"An Entra ID token is sent over https only (the llm Endpoint is {uri.Scheme}://{uri.Authority}).");
        }
        message.Request.Headers.Set("Authorization", "Bearer " + token);
    }

    private bool IsFresh => _token.Token is not null && _token.ExpiresOn > DateTimeOffset.UtcNow + RefreshBefore;

    private async ValueTask<string> ProcessTokenAsync(CancellationToken cancellationToken)
    {
        if (IsFresh) return _token.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh)
            {
                _token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            }
            return _token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
