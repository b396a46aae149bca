using System.ClientModel;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Aimo.Worker.Budget;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// Submits a planned job: takes the row from <c>planned</c> to <c>submitting</c> (only one replica can), writes the
/// JSONL from the entries it carries, uploads it and creates the job. A refusal by the provider (4xx) gives the
/// entries back to the synchronous path and releases the reservation; anything else puts the row back to
/// <c>planned</c> for the poller to try again.
/// </summary>
public sealed partial class JobSubmission(
    JobStore store, JobProvider provider, JobRequests requests, SignatureQueue queue, JobEntries entries, BudgetAdmission budget,
    TimeProvider time, ILogger<JobSubmission> logger)
{
    public async Task SubmitAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (!await store.TryMoveAsync(jobId, BatchJobStates.Planned, BatchJobStates.Submitting, cancellationToken)
            || await store.FindAsync(jobId, cancellationToken) is not { } job)
        {
            return;
        }
        try
        {
            var jsonl = JobFile.Write(await BodiesAsync(JobStore.ReadCarries(job), cancellationToken));
            var fileId = await provider.UploadAsync(jsonl, $"aimo-job-{job.Id}.jsonl", cancellationToken);
            var created = await provider.CreateAsync(fileId, job.Id, cancellationToken);
            await store.UpdateAsync(job.Id, j =>
            {
                j.State = BatchJobStates.Submitted;
                j.ProviderJobId = created.Id;
                j.ProviderStatus = created.Status;
                j.InputFileId = fileId;
                j.SubmittedAt = time.GetUtcNow();
            }, CancellationToken.None);
            LogSubmitted(logger, job.Id, created.Id, job.Lines, job.Signatures);
        }
        catch (ClientResultException ex) when (ex.Status is >= 400 and < 500 and not 408 and not 429)
        {
            LogRefused(logger, ex, job.Id, ex.Status);
            await ReturnAsync(job, $"The provider refused the job ({ex.Status}): {ex.Message}", CancellationToken.None);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRetry(logger, ex, job.Id);
            await store.TryMoveAsync(job.Id, BatchJobStates.Submitting, BatchJobStates.Planned, CancellationToken.None);
        }
    }

    /// <summary>Ends a job that will not be answered: its entries go back to work (synchronously), its reservation is released.</summary>
    public async Task ReturnAsync(BatchJobRecord job, string error, CancellationToken cancellationToken)
    {
        using var checkout = await entries.TakeBackAsync([.. JobStore.ReadCarries(job).SelectMany(l => l.EntryIds)]);
        entries.ReturnToWork(checkout, syncOnly: true);
        if (job.LeaseDay is { } day && job.LeaseId is { } leaseId)
        {
            await budget.SettleJobAsync(new Aimo.Data.Budget.BudgetLease(day, leaseId, Tier.C, 0), 0, cancellationToken);
        }
        await store.UpdateAsync(job.Id, j =>
        {
            j.State = BatchJobStates.Returned;
            j.Error = error;
            j.CostUsdActual = 0;
            j.FinishedAt = time.GetUtcNow();
        }, cancellationToken);
    }

    private async Task<List<(string, BinaryData)>> BodiesAsync(IReadOnlyList<JobLine> lines, CancellationToken cancellationToken)
    {
        var carried = (await queue.LoadAsync(Tier.C, [.. lines.SelectMany(l => l.EntryIds)])).ToDictionary(e => e.EntryId, StringComparer.Ordinal);
        var bodies = new List<(string, BinaryData)>();
        foreach (var line in lines)
        {
            var group = line.EntryIds.Select(id => carried.GetValueOrDefault(id)).OfType<QueueEntry>().Where(e => e.Signature is not null)
                .Select(e => SignatureFormatter.Format(e.Signature!)).ToList();
            if (group.Count > 0)
            {
                bodies.Add((line.CustomId, await requests.BodyAsync(group, cancellationToken)));
            }
        }
        return bodies;
    }

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Batch API job {JobId} submitted as {ProviderJobId}: {Lines} line(s), {Signatures} tier C signature(s)")]
    private static partial void LogSubmitted(ILogger logger, Guid jobId, string providerJobId, int lines, int signatures);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "The provider refused Batch API job {JobId} ({Status}); its signatures go back to the synchronous path")]
    private static partial void LogRefused(ILogger logger, Exception exception, Guid jobId, int status);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Batch API job {JobId} could not be submitted; it is tried again")]
    private static partial void LogRetry(ILogger logger, Exception exception, Guid jobId);
}
