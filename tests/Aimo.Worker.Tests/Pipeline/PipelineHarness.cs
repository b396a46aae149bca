using System.Diagnostics.Metrics;
using Aimo.Core.Batching;
using Aimo.Core.Pricing;
using Aimo.Data.Queue;
using Aimo.Worker.Ack;
using Aimo.Worker.Budget;
using Aimo.Worker.Commit;
using Aimo.Worker.Intake;
using Aimo.Worker.Options;
using Aimo.Worker.Pipeline;
using Aimo.Worker.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Extensions.Options.Options;

namespace Aimo.Worker.Tests.Pipeline;

/// <summary>
/// The worker's pipeline, composed as the worker composes it — intake (work source, triage, planner), classify, commit,
/// ack — over fakes for the queue, the store, the chat client, the budget and the provider's health, on a fake clock.
/// <see cref="RunAsync"/> does what the worker's loop does, one batch at a time, so every test is deterministic.
/// </summary>
internal sealed class PipelineHarness : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IntakeStep _intake;
    private readonly BatchPipeline _pipeline;

    public PipelineHarness(Func<IReadOnlyList<ChatMessage>, int, ChatResponse> answer, WorkerOptions? options = null, int outageThreshold = int.MaxValue)
    {
        var workerOptions = Create(options ?? new WorkerOptions { Linger = TimeSpan.Zero });
        var limits = Create(new BatchLimits());
        Chat = new FakeChatClient(answer);
        Health = new FakeProviderHealth(outageThreshold);
        Holdings = new Holdings(Time);
        var source = new WorkSource(Queue, new ConsumerIdentity(), Holdings, Budgets, workerOptions, limits);
        var triage = new Triage(Queue, Store, workerOptions, NullLogger<Triage>.Instance);
        _intake = new IntakeStep(source, triage, limits, Time, NullLogger<IntakeStep>.Instance);
        var telemetry = new BatchTelemetry(new WorkerTelemetry(_services.GetRequiredService<IMeterFactory>()), NullLogger<BatchTelemetry>.Instance);
        _pipeline = new BatchPipeline(Queue, Budgets, TestBatches.Processor(Chat, health: Health),
            new CommitStep(Store, ModelPricing.Resolve(PricingOptions.SimulatorModel, new PricingOptions()), NullLogger<CommitStep>.Instance),
            new AckStep(Queue, Time, NullLogger<AckStep>.Instance), telemetry, NullLogger<BatchPipeline>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public FakeWorkQueue Queue { get; } = new();
    public FakeResultStore Store { get; } = new();
    public RecordingBudgets Budgets { get; } = new();
    public FakeChatClient Chat { get; }
    public FakeProviderHealth Health { get; }
    public Holdings Holdings { get; }

    /// <summary>
    /// Runs the loop <paramref name="iterations"/> times: the clock moves past any pause, then the next planned batches
    /// are taken and each is run through the pipeline.
    /// </summary>
    public async Task RunAsync(int iterations = 1, bool probe = false)
    {
        for (var i = 0; i < iterations; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(31));
            foreach (var batch in await _intake.NextAsync(100, probe, CancellationToken.None))
            {
                await _pipeline.RunAsync(batch, CancellationToken.None);
            }
        }
    }

    public Task RunBatchAsync(BatchContext batch) => _pipeline.RunAsync(batch, CancellationToken.None);

    /// <summary>Takes and triages the next work without running batches (what a failed iteration leaves behind).</summary>
    public Task<IReadOnlyList<BatchContext>> IntakeAsync() => _intake.NextAsync(100, false, CancellationToken.None);

    public void Dispose() => _services.Dispose();
}
