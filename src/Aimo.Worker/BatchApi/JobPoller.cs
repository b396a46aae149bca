using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// Every replica's loop over the open jobs in <c>batch_jobs</c>, so polling resumes after any restart: polls submitted
/// jobs and ingests those that ended (<see cref="JobIngest"/>); takes over a job whose replica died in a passing state
/// (planned → submitted once; submitting → found at the provider by its metadata, else planned again; ingesting →
/// ingested again, which the version rule makes harmless); and gives back entries the jobs' consumer holds that no
/// open job carries (a replica that died between handing them over and writing the row). Runs even with the Batch API
/// switched off, so jobs submitted before still come home.
/// </summary>
public sealed partial class JobPoller(
    JobStore store, JobProvider provider, JobSubmission submission, JobIngest ingest, JobEntries entries, SignatureQueue queue,
    IOptions<BatchApiOptions> options, TimeProvider time, ILogger<JobPoller> logger) : BackgroundService
{
    private BatchApiOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
            try
            {
                await Task.Delay(Options.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var open = await store.OpenAsync(cancellationToken);
        var staleBefore = time.GetUtcNow() - Options.StaleAfter;
        foreach (var job in open)
        {
            try
            {
                await AdvanceAsync(job, job.UpdatedAt < staleBefore ? staleBefore : null, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogJobFailed(logger, ex, job.Id, job.State);
            }
        }
        await ReturnOrphansAsync(open);
    }

    private async Task AdvanceAsync(BatchJobRecord job, DateTimeOffset? staleBefore, CancellationToken cancellationToken)
    {
        switch (job.State)
        {
            case BatchJobStates.Planned when staleBefore is not null:
                await submission.SubmitAsync(job.Id, cancellationToken);
                break;
            case BatchJobStates.Submitting when staleBefore is { } before:
                if (await provider.FindAsync(job.Id, cancellationToken) is { } found)
                {
                    if (await store.TryMoveAsync(job.Id, BatchJobStates.Submitting, BatchJobStates.Submitted, cancellationToken, before))
                    {
                        await store.UpdateAsync(job.Id, j => (j.ProviderJobId, j.ProviderStatus, j.SubmittedAt) = (found.Id, found.Status, time.GetUtcNow()),
                            cancellationToken);
                    }
                }
                else if (await store.TryMoveAsync(job.Id, BatchJobStates.Submitting, BatchJobStates.Planned, cancellationToken, before))
                {
                    await submission.SubmitAsync(job.Id, cancellationToken);
                }
                break;
            case BatchJobStates.Submitted:
                var current = await provider.GetAsync(job.ProviderJobId!, cancellationToken);
                if (current.Status != job.ProviderStatus && !current.Ended)
                {
                    await store.UpdateAsync(job.Id, j => j.ProviderStatus = current.Status, cancellationToken);
                }
                if (current.Ended && await store.TryMoveAsync(job.Id, BatchJobStates.Submitted, BatchJobStates.Ingesting, cancellationToken))
                {
                    await ingest.IngestAsync(job, current, cancellationToken);
                }
                break;
            case BatchJobStates.Ingesting when staleBefore is { } before:
                if (await store.TryMoveAsync(job.Id, BatchJobStates.Ingesting, BatchJobStates.Ingesting, cancellationToken, before))
                {
                    await ingest.IngestAsync(job, await provider.GetAsync(job.ProviderJobId!, cancellationToken), cancellationToken);
                }
                break;
        }
    }

    private async Task ReturnOrphansAsync(IReadOnlyList<BatchJobRecord> open)
    {
        var carried = open.SelectMany(j => JobStore.ReadCarries(j).SelectMany(l => l.EntryIds)).ToHashSet(StringComparer.Ordinal);
        var orphans = (await queue.PendingIdleAsync(Tier.C, QueueKeys.BatchJobsConsumer, Options.StaleAfter)).Where(id => !carried.Contains(id)).ToList();
        if (orphans.Count == 0)
        {
            return;
        }
        var checkout = await entries.TakeBackAsync(orphans);
        LogOrphans(logger, checkout.Count);
        entries.ReturnToWork(checkout, syncOnly: false);
    }

    [LoggerMessage(EventId = 708, Level = LogLevel.Warning, Message = "Batch API poll failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 709, Level = LogLevel.Warning, Message = "Batch API job {JobId} ({State}) could not be advanced; tried again at the next poll")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, Guid jobId, string state);

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "{Count} tier C entries were held for a Batch API job that has no row; back to work")]
    private static partial void LogOrphans(ILogger logger, int count);
}
