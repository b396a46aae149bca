using Aimo.Core.Signatures;
using Aimo.Data.Budget;
using Aimo.Data.Entities;
using Aimo.Worker.Budget;
using Aimo.Worker.Pipeline;

namespace Aimo.Worker.BatchApi;

/// <summary>
/// Takes an ended job's answers home (one replica: the row moves to <c>ingesting</c> by a conditional update). Output
/// and error lines are matched by <c>custom_id</c>. Each answered line runs through the synchronous
/// <see cref="BatchPipeline"/> with its answer as the first call, so the same validator, re-ask, split, steering check,
/// version rule and acknowledgement apply, and invalid items get their one re-ask and split there, at once: a second
/// job would add up to 24 h for a few signatures, and a re-ask needs the conversation it continues. A line without an
/// answer (an error line, or none: expired, failed, cancelled) gives its entries back to the synchronous path. The
/// job's reservation is settled from its answered lines' usage at the batch price.
/// </summary>
public sealed partial class JobIngest(
    JobStore store, JobProvider provider, JobEntries entries, BatchPipeline pipeline, ModelPricing pricing, BudgetAdmission budget,
    TimeProvider time, ILogger<JobIngest> logger)
{
    public async Task IngestAsync(BatchJobRecord job, ProviderJob ended, CancellationToken cancellationToken)
    {
        var results = JobResults.Parse(
            ended.OutputFileId is { } output ? await provider.DownloadAsync(output, cancellationToken) : null,
            ended.ErrorFileId is { } errors ? await provider.DownloadAsync(errors, cancellationToken) : null);
        long costMicros = 0;
        int answered = 0, failed = 0;
        var done = 0;
        foreach (var line in JobStore.ReadCarries(job))
        {
            if (++done % 100 == 0)
            {
                // A long ingest is alive: the row's age is what tells other replicas to take it over.
                await store.TryMoveAsync(job.Id, BatchJobStates.Ingesting, BatchJobStates.Ingesting, cancellationToken);
            }
            var answer = results.GetValueOrDefault(line.CustomId) is { Answered: true } result ? Answer(job.Id, result) : null;
            costMicros += answer?.CostMicros ?? 0;
            if (answer is null)
            {
                failed++;
            }
            else
            {
                answered++;
            }
            await CommitLineAsync(line, answer, cancellationToken);
        }
        if (job.LeaseDay is { } day && job.LeaseId is { } leaseId)
        {
            await budget.SettleJobAsync(new BudgetLease(day, leaseId, Tier.C, 0), costMicros, CancellationToken.None);
        }
        await store.UpdateAsync(job.Id, j =>
        {
            j.State = ended.Status == "completed" ? BatchJobStates.Completed : BatchJobStates.Returned;
            j.ProviderStatus = ended.Status;
            j.OutputFileId = ended.OutputFileId;
            j.ErrorFileId = ended.ErrorFileId;
            j.Error = ended.Errors;
            j.LinesSucceeded = answered;
            j.LinesFailed = failed;
            j.CostUsdActual = Aimo.Core.Budget.Micros.ToUsd(costMicros);
            j.FinishedAt = time.GetUtcNow();
        }, CancellationToken.None);
        LogIngested(logger, job.Id, ended.Status, answered, failed, Aimo.Core.Budget.Micros.ToUsd(costMicros));
    }

    private async Task CommitLineAsync(JobLine line, JobAnswer? answer, CancellationToken cancellationToken)
    {
        // Entries already finished (a replica that ingested part of this job before it died) are no longer pending: not taken back.
        var checkout = await entries.TakeBackAsync(line.EntryIds);
        var items = checkout.Entries.Where(e => e.Signature is not null).Select(e => (Entry: e, Formatted: SignatureFormatter.Format(e.Signature!))).ToList();
        if (answer is null || items.Count == 0)
        {
            entries.ReturnToWork(checkout, syncOnly: true);
            return;
        }
        var batch = new BatchContext(Tier.C, checkout.Split(items.Select(i => i.Entry)), items, probe: false, line.Quarantined) { JobAnswer = answer };
        entries.ReturnToWork(checkout, syncOnly: true);
        await pipeline.RunAsync(batch, cancellationToken);
    }

    /// <summary>A line's answer and its cost at the batch price; an answer the OpenAI library cannot read counts as no answer.</summary>
    private JobAnswer? Answer(Guid jobId, JobResult result)
    {
        try
        {
            var response = result.ToChatResponse();
            var usage = response.Usage;
            return new JobAnswer(jobId, response, pricing.BatchCostMicros(usage?.InputTokenCount ?? 0, usage?.CachedInputTokenCount ?? 0, usage?.OutputTokenCount ?? 0));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            LogUnreadable(logger, ex, jobId, result.CustomId);
            return null;
        }
    }

    [LoggerMessage(EventId = 706, Level = LogLevel.Information,
        Message = "Batch API job {JobId} ended {Status}: {Answered} line(s) answered, {Failed} back to the synchronous path; ${CostUsd} at the batch price")]
    private static partial void LogIngested(ILogger logger, Guid jobId, string status, int answered, int failed, decimal costUsd);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "Batch API job {JobId}: the answer of line {CustomId} could not be read; its signatures go back to the synchronous path")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, Guid jobId, string customId);
}
