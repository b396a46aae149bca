using System.Text.Json;
using Aimo.Core.Classification;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Live;
using Aimo.Data.Queries;
using Aimo.Data.Queue;
using Aimo.Data.Results;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Operations;

/// <summary>
/// Operator actions on needs_review items. Each is idempotent: repeating the action that was applied returns
/// the item unchanged; a different action on an item already acted on is a conflict. The status change is a
/// conditional UPDATE (WHERE status = 'open') inside a transaction, so two racing operators cannot both win.
/// A resolution is an outcome and goes into the results feed in its transaction; a dismissal (the version stays in
/// review) and a requeue (its next outcome comes from the worker) are not.
/// </summary>
public sealed class ReviewActions(IDbContextFactory<AimoDbContext> contexts, SignatureQueue queue, TimeProvider time, ChangeFeed changes)
{
    public const int MaxNoteLength = 2000;

    /// <summary>Sends the signature back to its tier stream (origin "requeue", bypassing dedup).</summary>
    public Task<ReviewActionResult> RequeueAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync((db, ct) => RequeueAsync(db, id, actor, ct), cancellationToken);

    private async Task<ReviewActionResult> RequeueAsync(AimoDbContext db, long id, string actor, CancellationToken cancellationToken)
    {
        var item = await db.ReviewItems.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (item is null)
        {
            return new(ReviewActionOutcome.NotFound, null, $"Review item {id} does not exist.");
        }
        var signature = await db.Signatures.FirstOrDefaultAsync(s => s.Id == item.SignatureId, cancellationToken);
        if (signature is null && item.Status == ReviewStatuses.Open)
        {
            return new(ReviewActionOutcome.Conflict, await ReviewQueries.GetAsync(db, id, cancellationToken),
                $"Signature {item.SignatureId} is not stored, so it cannot be requeued; resolve or dismiss it.");
        }
        if (signature is not null && signature.Version > item.SignatureVersion && item.Status == ReviewStatuses.Open)
        {
            // Requeueing sends the stored content, which is the newer version's: it would not classify this one.
            return new(ReviewActionOutcome.Conflict, await ReviewQueries.GetAsync(db, id, cancellationToken),
                $"Version {item.SignatureVersion} of {item.SignatureId} is superseded by version {signature.Version}; resolve or dismiss it for the record.");
        }
        var now = time.GetUtcNow();
        if (!await ClaimAsync(db, id, ReviewStatuses.Requeued, actor, now, null, null, null, cancellationToken))
        {
            return await CurrentAsync(db, id, ReviewStatuses.Requeued, cancellationToken);
        }
        signature!.Status = SignatureStatuses.Queued;
        signature.UpdatedAt = now;
        Audit(db, actor, "review.requeue", id, new { signatureId = item.SignatureId }, now);
        await db.SaveChangesAsync(cancellationToken);
        // Redis last: if it fails the transaction rolls back and the item stays open.
        var entry = new Signature(signature.Id, Enum.Parse<Tier>(signature.Tier), signature.Method, signature.Host,
            signature.PathTemplate, signature.Samples,
            signature.Stats is { } s ? new SignatureStats(s.Requests, s.Users, s.BytesOut, s.FirstSeen, s.LastSeen) : null);
        await queue.EnqueueAsync([entry], TimeSpan.FromDays(1), SignatureQueue.OriginRequeue, bypassDedup: true);
        return new(ReviewActionOutcome.Done, await ReviewQueries.GetAsync(db, id, cancellationToken));
    }

    /// <summary>Records the operator's classification (source "operator") and marks the signature classified.</summary>
    public async Task<ReviewActionResult> ResolveAsync(long id, string category, string risk, string? note, string actor,
        string? service = null, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (!AimoJson.TryParseCategory(category, out _))
        {
            errors["category"] = [$"Unknown category \"{category}\"; use one of: {string.Join(", ", Enum.GetValues<Category>().Select(AimoJson.ToWire))}."];
        }
        if (!AimoJson.TryParseRisk(risk, out _))
        {
            errors["risk"] = [$"Unknown risk \"{risk}\"; use one of: {string.Join(", ", Enum.GetValues<RiskLevel>().Select(AimoJson.ToWire))}."];
        }
        if (note?.Length > MaxNoteLength)
        {
            errors["note"] = [$"The note is longer than {MaxNoteLength} characters."];
        }
        else if (note?.Contains('\0') == true)
        {
            // PostgreSQL text cannot store NUL; refused here rather than failing the transaction.
            errors["note"] = ["The note must not contain NUL characters."];
        }
        if (service?.Length > 200)
        {
            errors["service"] = ["The service name is longer than 200 characters."];
        }
        else if (service?.Contains('\0') == true)
        {
            errors["service"] = ["The service name must not contain NUL characters."];
        }
        if (errors.Count > 0)
        {
            return new(ReviewActionOutcome.Invalid, null, "The resolution is invalid.", errors);
        }
        return await InTransactionAsync((db, ct) => ResolveAsync(db, id, category, risk, note, actor, service, ct), cancellationToken);
    }

    private async Task<ReviewActionResult> ResolveAsync(AimoDbContext db, long id, string category, string risk, string? note, string actor,
        string? service, CancellationToken cancellationToken)
    {
        var item = await db.ReviewItems.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (item is null)
        {
            return new(ReviewActionOutcome.NotFound, null, $"Review item {id} does not exist.");
        }
        var now = time.GetUtcNow();
        if (!await ClaimAsync(db, id, ReviewStatuses.Resolved, actor, now, category, risk, note, cancellationToken))
        {
            var current = await CurrentAsync(db, id, ReviewStatuses.Resolved, cancellationToken);
            return current.Outcome == ReviewActionOutcome.AlreadyDone
                   && (current.Item!.ResolutionCategory != category || current.Item.ResolutionRisk != risk)
                ? current with { Outcome = ReviewActionOutcome.Conflict, Message = $"Review item {id} was already resolved as {current.Item.ResolutionCategory}/{current.Item.ResolutionRisk}." }
                : current;
        }
        // The verdict is about the version that went to review; it moves the signature only while that version is current.
        var signature = await db.Signatures.FirstOrDefaultAsync(s => s.Id == item.SignatureId && s.Version == item.SignatureVersion, cancellationToken);
        var classification = new ClassificationRecord
        {
            SignatureId = item.SignatureId, SignatureVersion = item.SignatureVersion, ContentHash = item.ContentHash, BatchId = null,
            Service = string.IsNullOrWhiteSpace(service) ? "unknown" : service.Trim(),
            Category = category, Risk = risk, Confidence = 1.0, Rationale = string.IsNullOrWhiteSpace(note) ? "Resolved by an operator." : note,
            Model = ClassificationSources.Operator, Source = ClassificationSources.Operator, ResolvedBy = actor, CreatedAt = now,
        };
        db.Classifications.Add(classification);
        if (signature is not null)
        {
            signature.Status = SignatureStatuses.Classified;
            signature.ClassifiedAt = now;
            signature.UpdatedAt = now;
        }
        Audit(db, actor, "review.resolve", id, new { signatureId = item.SignatureId, category, risk, note }, now);
        await db.SaveChangesAsync(cancellationToken);
        // The version's outcome for feeders (also when a newer version has come since: the row names the version).
        await ResultFeed.AppendAsync(db, [ResultFeed.Classified(classification, signature?.SuspectedInjection ?? false)], cancellationToken);
        return new(ReviewActionOutcome.Done, await ReviewQueries.GetAsync(db, id, cancellationToken));
    }

    /// <summary>Closes the item without a classification.</summary>
    public Task<ReviewActionResult> DismissAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync((db, ct) => DismissAsync(db, id, actor, ct), cancellationToken);

    private async Task<ReviewActionResult> DismissAsync(AimoDbContext db, long id, string actor, CancellationToken cancellationToken)
    {
        var item = await db.ReviewItems.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (item is null)
        {
            return new(ReviewActionOutcome.NotFound, null, $"Review item {id} does not exist.");
        }
        var now = time.GetUtcNow();
        if (!await ClaimAsync(db, id, ReviewStatuses.Dismissed, actor, now, null, null, null, cancellationToken))
        {
            return await CurrentAsync(db, id, ReviewStatuses.Dismissed, cancellationToken);
        }
        Audit(db, actor, "review.dismiss", id, new { signatureId = item.SignatureId }, now);
        await db.SaveChangesAsync(cancellationToken);
        return new(ReviewActionOutcome.Done, await ReviewQueries.GetAsync(db, id, cancellationToken));
    }

    /// <summary>
    /// Runs an action in a transaction under the context's execution strategy (Aspire enables retries, which
    /// refuse user-started transactions otherwise). Commits only when the action was applied.
    /// </summary>
    private async Task<ReviewActionResult> InTransactionAsync(Func<AimoDbContext, CancellationToken, Task<ReviewActionResult>> action,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await action(db, cancellationToken);
            if (result.Outcome == ReviewActionOutcome.Done)
            {
                await tx.CommitAsync(cancellationToken);
            }
            return result;
        });
        if (result.Outcome == ReviewActionOutcome.Done && result.Item is { } item)
        {
            changes.ReviewChanged(item.Id, item.Status);
        }
        return result;
    }

    private static async Task<bool> ClaimAsync(AimoDbContext db, long id, string status, string actor, DateTimeOffset now,
        string? category, string? risk, string? note, CancellationToken cancellationToken) =>
        await db.ReviewItems.Where(r => r.Id == id && r.Status == ReviewStatuses.Open)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.ActedBy, actor)
                .SetProperty(r => r.ActedAt, now)
                .SetProperty(r => r.ResolutionCategory, category)
                .SetProperty(r => r.ResolutionRisk, risk)
                .SetProperty(r => r.ResolutionNote, note), cancellationToken) == 1;

    private static async Task<ReviewActionResult> CurrentAsync(AimoDbContext db, long id, string wanted, CancellationToken cancellationToken)
    {
        var current = await ReviewQueries.GetAsync(db, id, cancellationToken);
        return current!.Status == wanted
            ? new(ReviewActionOutcome.AlreadyDone, current)
            : new(ReviewActionOutcome.Conflict, current, $"Review item {id} is already {current.Status}.");
    }

    private static void Audit(AimoDbContext db, string actor, string action, long id, object detail, DateTimeOffset now) =>
        db.AuditLog.Add(new AuditEntryRecord
        {
            Actor = actor, Action = action, Subject = $"review:{id}", Detail = JsonSerializer.Serialize(detail), At = now,
        });
}
