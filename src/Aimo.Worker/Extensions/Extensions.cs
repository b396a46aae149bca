using Aimo.Core.Batching;
using Aimo.Core.Pricing;
using Aimo.Core.Tokens;
using Aimo.Data;
using Aimo.Worker.Budget;
using Aimo.Worker.Llm;
using Aimo.Worker.Options;
using Aimo.Worker.Processing;
using Aimo.Worker.Queue;
using Aimo.Worker.Storage;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Extensions;

internal static class Extensions
{
    /// <summary>The worker's stages, in the order a batch passes them: Queue → Processing → Budget → Llm → Storage.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAimoData();
        builder.AddLlmClient();

        var services = builder.Services;
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchLimits>().BindConfiguration(BatchLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // In-flight batches get time to finish on shutdown; what does not finish stays pending for reclaim.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue("Aimo:Worker:ShutdownTimeoutSeconds", 60)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerTelemetry>();
        services.AddSingleton<BatchTelemetry>();
        services.AddSingleton<GaugeReadings>();
        services.AddHostedService<WorkerGauges>();

        // Queue: stream I/O and ownership.
        services.AddSingleton<ConsumerIdentity>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<StreamClaims>();
        services.AddSingleton<OwnedEntries>();
        services.AddSingleton<ReclaimedEntries>();
        services.AddHostedService<RecoveryLoop>();

        // Processing.
        services.AddSingleton(_ => TokenEstimator.Default);
        services.AddSingleton<WorkSource>();
        services.AddSingleton<EntryTriage>();
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<BatchRunner>();
        services.AddHostedService<QueueConsumer>();

        // Budget. An unpriced model without a fallback price stops the worker here, at start.
        services.AddSingleton(sp => ModelPricing.Resolve(sp.GetRequiredService<LlmConnection>().Model,
            sp.GetRequiredService<IOptions<PricingOptions>>().Value));
        services.AddSingleton<BudgetSettingsCache>();
        services.AddHostedService(sp => sp.GetRequiredService<BudgetSettingsCache>());
        services.AddSingleton<BatchBudgets>();
        services.AddSingleton(sp => new TierCGate(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkerOptions>>().Value.DeferredRetryInterval));
        services.AddHostedService<LeaseSweeper>();
        services.AddHostedService<ModelAnnouncement>();

        // Storage.
        services.AddSingleton<BatchStore>();
    }
}
