using Aimo.Core;
using Aimo.Core.Batching;
using Aimo.Core.Pricing;
using Aimo.Core.Tokens;
using Aimo.Data;
using Aimo.Worker.Llm;
using Aimo.Worker.Options;
using Aimo.Worker.Processing;
using Aimo.Worker.Queue;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddNpgsqlDbContext<AimoDbContext>(ResourceNames.Database,
            configureDbContextOptions: options => AimoDbContextOptions.Configure(options));
        builder.AddLlmClient();

        var services = builder.Services;
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchLimits>().BindConfiguration(BatchLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // In-flight batches get time to finish on shutdown; what does not finish stays pending for reclaim.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue("Aimo:Worker:ShutdownTimeoutSeconds", 60)));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => TokenEstimator.Default);
        services.AddSingleton(sp => new PriceTable(sp.GetRequiredService<IOptions<PricingOptions>>().Value));
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<WorkerTelemetry>();
        services.AddSingleton<BudgetLedger>();
        services.AddSingleton<BatchStore>();
        services.AddSingleton<ConsumerIdentity>();
        services.AddSingleton<ReclaimedEntries>();
        services.AddSingleton<DeferredEntries>();
        services.AddSingleton<BatchRunner>();
        services.AddSingleton<SettingsCache>();
        services.AddSingleton<QueueConsumer>();
        services.AddSingleton<RecoveryLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<SettingsCache>());
        services.AddHostedService(sp => sp.GetRequiredService<QueueConsumer>());
        services.AddHostedService(sp => sp.GetRequiredService<RecoveryLoop>());
    }
}
