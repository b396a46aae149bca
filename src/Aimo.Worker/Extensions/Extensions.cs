using Aimo.Core.Batching;
using Aimo.Core.Pricing;
using Aimo.Data.Llm;
using Aimo.Core.Tokens;
using Aimo.Data;
using Aimo.Data.Queue;
using Aimo.Worker.Ack;
using Aimo.Worker.BatchApi;
using Aimo.Worker.Budget;
using Aimo.Worker.Classify;
using Aimo.Worker.Commit;
using Aimo.Worker.Intake;
using Aimo.Worker.Llm;
using Aimo.Worker.Options;
using Aimo.Worker.Pipeline;
using Aimo.Worker.Retention;
using Aimo.Data.Retention;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Extensions;

internal static class Extensions
{
    /// <summary>
    /// The worker: an intake (read/claim, triage, plan) that runs each batch through one pipeline — classify (budget,
    /// the one retry layer, re-ask, split) → commit (the version rule in SQL) → ack — plus the loops beside it
    /// (ownership and recovery, budget settings and leases, gauges).
    /// </summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAimoData();
        builder.AddLlmClient();

        var services = builder.Services;
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchLimits>().BindConfiguration(BatchLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // In-flight batches get time to finish on shutdown; what does not finish stays pending for reclaim.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue("Aimo:Worker:ShutdownTimeoutSeconds", 60)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerTelemetry>();
        services.AddSingleton<BatchTelemetry>();
        services.AddSingleton<GaugeReadings>();
        services.AddHostedService<WorkerGauges>();
        services.AddSingleton<RetentionSweep>();
        services.AddHostedService<RetentionLoop>();

        // Intake: what this consumer holds, what it takes next, and the ownership loop beside it.
        services.AddSingleton<IWorkQueue>(sp => sp.GetRequiredService<SignatureQueue>());
        services.AddSingleton<ConsumerIdentity>();
        services.AddSingleton<Holdings>();
        services.AddSingleton<WorkSource>();
        services.AddSingleton<Triage>();
        services.AddSingleton<IntakeStep>();
        services.AddHostedService<RecoveryLoop>();

        // Classify. An unpriced model without a fallback price stops the worker here, at start.
        // The estimate counts the system prompt the model's layout sends.
        services.AddSingleton(sp => TokenEstimator.For(sp.GetRequiredService<ModelRequest>().Layout));
        services.AddSingleton(sp => ModelPricing.Resolve(sp.GetRequiredService<LlmConnection>(),
            sp.GetRequiredService<IOptions<PricingOptions>>().Value));
        services.AddSingleton<BudgetSettingsCache>();
        services.AddHostedService(sp => sp.GetRequiredService<BudgetSettingsCache>());
        services.AddSingleton(sp => new TierCGate(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkerOptions>>().Value.DeferredRetryInterval));
        services.AddSingleton<BudgetAdmission>();
        services.AddSingleton<IBudgetAdmission>(sp => sp.GetRequiredService<BudgetAdmission>());
        // The output cap each call asks for, learned from every replica's answers (kept in Redis).
        services.AddSingleton<OutputSamples>();
        services.AddSingleton<IOutputCap, OutputCap>();
        services.AddSingleton<ClassifyStep>();
        services.AddHostedService<LeaseSweeper>();
        services.AddHostedService<ModelAnnouncement>();

        // Commit and ack.
        services.AddSingleton<ResultStore>();
        services.AddSingleton<IResultStore>(sp => sp.GetRequiredService<ResultStore>());
        services.AddSingleton<CommitStep>();
        services.AddSingleton<AckStep>();

        // The pipeline and the loop that feeds it.
        services.AddSingleton<BatchPipeline>();
        services.AddHostedService<WorkerLoop>();

        // Tier C through the provider's Batch API (off by default): jobs planned, submitted, polled and ingested.
        services.AddOptions<BatchApiOptions>().BindConfiguration(BatchApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<BatchApiOptions>, BatchApiProviderCheck>();
        services.AddHttpClient(JobProvider.HttpClientName);
        services.AddSingleton<JobProvider>();
        services.AddSingleton<JobRequests>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobEntries>();
        services.AddSingleton<JobSubmission>();
        services.AddSingleton<JobIngest>();
        services.AddSingleton<JobCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<JobCollector>());
        services.AddHostedService<JobPoller>();
    }
}
