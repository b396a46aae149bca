namespace Aimo.Data.Entities;

/// <summary>
/// One job at the provider's Batch API (table <c>batch_jobs</c>): tier C batches sent as JSONL lines, answered within
/// 24 h at the batch price. The row is created before anything is uploaded and is the owner of the stream entries it
/// carries until its results are committed; any replica polls it.
/// </summary>
public sealed class BatchJobRecord
{
    public Guid Id { get; set; }

    /// <summary>A stable key of the planned batches it carries (unique): the same set can never become a second job.</summary>
    public required string JobKey { get; set; }

    /// <summary>The provider's batch id, once submitted.</summary>
    public string? ProviderJobId { get; set; }

    public required string Model { get; set; }

    /// <summary>See <see cref="BatchJobStates"/>.</summary>
    public required string State { get; set; }

    /// <summary>The provider's last reported status (validating, in_progress, ...).</summary>
    public string? ProviderStatus { get; set; }

    public int Lines { get; set; }
    public int Signatures { get; set; }
    public string? InputFileId { get; set; }
    public string? OutputFileId { get; set; }
    public string? ErrorFileId { get; set; }

    /// <summary>What each line carries (JSON, <c>BatchJobLine[]</c>): custom id and the stream entries with their signature versions.</summary>
    public required string Carries { get; set; }

    /// <summary>The budget lease the job is reserved under (day and id), settled from the output's usage.</summary>
    public DateOnly? LeaseDay { get; set; }
    public string? LeaseId { get; set; }

    public decimal CostUsdEstimated { get; set; }
    public decimal? CostUsdActual { get; set; }
    public int LinesSucceeded { get; set; }
    public int LinesFailed { get; set; }
    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Last change of <see cref="State"/>: a row stuck in a transient state (its replica died) is taken over after a while.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Where a job is in AIMO's hands (the provider's own status is <see cref="BatchJobRecord.ProviderStatus"/>).</summary>
public static class BatchJobStates
{
    /// <summary>Row written, entries handed to the job; not uploaded. Only a row in this state is submitted.</summary>
    public const string Planned = "planned";

    /// <summary>One replica is uploading and creating it (a conditional update took it from planned).</summary>
    public const string Submitting = "submitting";

    /// <summary>At the provider: polled until it ends.</summary>
    public const string Submitted = "submitted";

    /// <summary>Ended at the provider; one replica is committing its lines.</summary>
    public const string Ingesting = "ingesting";

    /// <summary>Done: every line committed or given back to the synchronous path.</summary>
    public const string Completed = "completed";

    /// <summary>Ended without (all) answers — failed, expired, cancelled, or refused at submission; its entries went back to work.</summary>
    public const string Returned = "returned";

    public static readonly string[] Open = [Planned, Submitting, Submitted, Ingesting];
}
