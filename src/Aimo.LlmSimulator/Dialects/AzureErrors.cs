namespace Aimo.LlmSimulator.Dialects;

/// <summary>Azure OpenAI's own error envelope, <c>{"error":{"code":"...","message":"..."}}</c>, worded as Azure sends it.</summary>
public sealed record AzureErrorResponse(AzureError Error);

public sealed record AzureError(string Code, string Message);

public static class AzureErrors
{
    public static AzureErrorResponse ResourceNotFound() => new(new("404", "Resource not found"));

    public static AzureErrorResponse InvalidKey() => new(new("401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active "
        + "subscription and use a correct regional API endpoint for your resource."));

    public static AzureErrorResponse InvalidToken() => new(new("401",
        "Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."));

    public static AzureErrorResponse DeploymentNotFound() => new(new("DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."));

    public static AzureErrorResponse RateLimited(TimeSpan? wait) => new(new("429",
        "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of "
        + $"your current OpenAI S0 pricing tier. Please retry after {Math.Max(1, (long)Math.Ceiling((wait ?? TimeSpan.FromSeconds(1)).TotalSeconds))} seconds. (simulated)"));

    /// <summary>The Azure body for a status Azure answers in its own shape; null keeps OpenAI's (Azure passes a model's 400s through as OpenAI words them).</summary>
    public static AzureErrorResponse? For(int statusCode, TimeSpan? retryAfter) => statusCode switch
    {
        401 => InvalidKey(),
        404 => DeploymentNotFound(),
        429 => RateLimited(retryAfter),
        _ => null,
    };
}
