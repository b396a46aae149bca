using Aimo.Core.Tokens;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.AI;

namespace Aimo.Worker.Llm.RateLimits;

public static class RateLimitedChatClientExtensions
{
    /// <summary>Adds <see cref="RateLimitedChatClient"/>: each call waits for room in the provider's shared rate limits.</summary>
    public static ChatClientBuilder UseRateLimits(this ChatClientBuilder builder) =>
        builder.Use((inner, services) => new RateLimitedChatClient(inner,
            services.GetRequiredService<ProviderRateLimits>(), services.GetRequiredService<AdaptiveConcurrency>(),
            services.GetRequiredService<TokenEstimator>(), services.GetRequiredService<WorkerTelemetry>(),
            services.GetRequiredService<TimeProvider>()));
}
