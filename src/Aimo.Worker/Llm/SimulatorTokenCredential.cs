using Azure.Core;

namespace Aimo.Worker.Llm;

/// <summary>
/// Stands in for Entra ID against llm-sim's Azure dialect (<c>Aimo:Llm:Credential=Simulator</c>): the token names the
/// scope it was asked for, which llm-sim checks, so the worker's token path is the one used with a managed identity.
/// </summary>
public sealed class SimulatorTokenCredential : TokenCredential
{
    public const string TokenPrefix = "sim-entra:";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(TokenPrefix + string.Join(' ', requestContext.Scopes), DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
