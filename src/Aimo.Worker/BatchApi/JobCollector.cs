using System.Threading.Channels;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Aimo.Worker.Budget;
using Aimo.Worker.Classify;
using Aimo.Worker.Llm;
using Aimo.Worker.Pipeline;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// Tier C's way to the Batch API: takes the planned tier C batches the worker loop would run (A and B never come here,
/// nor wait for it), gathers up to <see cref="BatchApiOptions.JobSize"/> of them or for <see cref="BatchApiOptions.Linger"/>,
/// reserves the job at the batch price (near the soft limit C is deferred, as a synchronous batch would be), hands the
/// entries to the job and writes its row, then submits it. Until then the batches keep their entries checked out, so
/// the keep-alive keeps them this replica's.
/// </summary>
public sealed partial class JobCollector(
    IOptions<BatchApiOptions> options, LlmConnection connection, ModelRequest request, ClassifyStep classify, ModelPricing pricing, BudgetAdmission budget,
    IWorkQueue queue, JobEntries entries, JobStore store, JobSubmission submission, TimeProvider time, ILogger<JobCollector> logger)
    : BackgroundService
{
    private readonly Channel<BatchContext> _planned = Channel.CreateUnbounded<BatchContext>();
    private BatchApiOptions Options => options.Value;

    /// <summary>Takes a planned batch for a job, or says no (the Batch API is off, not tier C, the probe, or a job already failed its entries).</summary>
    public bool TryTake(BatchContext batch)
    {
        if (!Options.Enabled || batch.Tier != Tier.C || batch.Probe || !entries.MayGoToJob(batch.Entries))
        {
            return false;
        }
        return _planned.Writer.TryWrite(batch);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gatherer = new JobGatherer<BatchContext>(_planned.Reader, batch => JobFile.LineBound(request, batch.Signatures), time);
        try
        {
            while (await gatherer.NextAsync(Options.JobSize, Options.MaxFileBytes, Options.Linger, stoppingToken) is { Count: > 0 } job)
            {
                await PlanAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping: what was not handed to a job is this replica's still; back in its holdings, pending in Redis.
            foreach (var batch in gatherer.Drain())
            {
                batch.Checkout.Dispose();
            }
        }
    }

    private async Task PlanAsync(List<BatchContext> batches, CancellationToken cancellationToken)
    {
        try
        {
            await PlanOrDeferAsync(batches, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogPlanFailed(logger, ex, batches.Count);
        }
        finally
        {
            // Whatever was not handed over or deferred goes back to work after a pause.
            foreach (var batch in batches)
            {
                batch.Checkout.Dispose();
            }
        }
    }

    private async Task PlanOrDeferAsync(List<BatchContext> batches, CancellationToken cancellationToken)
    {
        var estimate = batches.Sum(b => classify.Estimate(b.Signatures) is var e ? pricing.BatchCostMicros(e.InputTokens, 0, e.OutputTokens) : 0);
        var lease = await budget.ReserveJobAsync(estimate, cancellationToken);
        if (lease is null)
        {
            List<QueueEntry> deferred = [.. batches.SelectMany(b => b.Entries)];
            foreach (var batch in batches)
            {
                batch.Checkout.Defer(batch.Entries);
            }
            await queue.MarkDeferredAsync(deferred);
            LogDeferred(logger, deferred.Count);
            return;
        }
        var moved = await entries.HandOverAsync([.. batches.SelectMany(b => b.Entries)]);
        var lines = batches.Select(b => (Batch: b, Carried: b.Entries.Where(e => moved.Contains(e.EntryId)).ToList()))
            .Where(p => p.Carried.Count > 0).Select(p => JobLine.For(p.Carried, p.Batch.Quarantined)).ToList();
        var now = time.GetUtcNow();
        var job = new BatchJobRecord
        {
            Id = Guid.CreateVersion7(), JobKey = JobLine.JobKey(lines), Model = connection.Model, State = BatchJobStates.Planned,
            Lines = lines.Count, Signatures = lines.Sum(l => l.Entries.Count), Carries = JobStore.WriteCarries(lines),
            LeaseDay = lease.Day, LeaseId = lease.Id, CostUsdEstimated = Aimo.Core.Budget.Micros.ToUsd(estimate), CreatedAt = now, UpdatedAt = now,
        };
        bool inserted;
        try
        {
            inserted = lines.Count > 0 && await store.InsertAsync(job, CancellationToken.None);
        }
        catch
        {
            // No row owns them: taken back (the orphan sweep would do it later) and the reservation released.
            using (await entries.TakeBackAsync(moved))
            {
            }
            await budget.SettleJobAsync(lease, 0, CancellationToken.None);
            throw;
        }
        if (!inserted)
        {
            // Nothing carried (all lost to other replicas), or this very set is a job already: no second reservation.
            await budget.SettleJobAsync(lease, 0, CancellationToken.None);
        }
        foreach (var batch in batches)
        {
            batch.Checkout.HandOver(batch.Entries.Where(e => moved.Contains(e.EntryId)));
        }
        if (inserted)
        {
            await submission.SubmitAsync(job.Id, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Budget soft limit: {Count} tier C signature(s) deferred instead of a Batch API job")]
    private static partial void LogDeferred(ILogger logger, int count);

    [LoggerMessage(EventId = 705, Level = LogLevel.Error, Message = "Planning a Batch API job of {Count} batch(es) failed; their entries go back to work")]
    private static partial void LogPlanFailed(ILogger logger, Exception exception, int count);
}
