using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Results;

/// <summary>The results webhook's position per receiver URL, in PostgreSQL so it survives restarts.</summary>
public sealed class WebhookDeliveryLog(IDbContextFactory<AimoDbContext> contexts, TimeProvider time)
{
    /// <summary>The seq of the last outcome the receiver acknowledged; a new receiver starts at the beginning of the feed.</summary>
    public async Task<long> DeliveredAsync(string url, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().Where(w => w.Url == url).Select(w => (long?)w.DeliveredSeq)
            .FirstOrDefaultAsync(cancellationToken) ?? 0;
    }

    /// <summary>Records an acknowledged batch. Only ever forward, so a sender that lost its lock cannot move it back.</summary>
    public Task AdvanceAsync(string url, long seq, CancellationToken cancellationToken) =>
        UpsertAsync(url, seq, 0, null, cancellationToken);

    /// <summary>Records a failed attempt (the operator's way to see a receiver that stays down).</summary>
    public Task FailedAsync(string url, long deliveredSeq, int failures, string error, CancellationToken cancellationToken) =>
        UpsertAsync(url, deliveredSeq, failures, error, cancellationToken);

    private async Task UpsertAsync(string url, long seq, int failures, string? error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO webhook_deliveries (url, delivered_seq, failed_attempts, last_error, updated_at)
            VALUES ({url}, {seq}, {failures}, {error}, {now})
            ON CONFLICT (url) DO UPDATE SET
                delivered_seq = GREATEST(webhook_deliveries.delivered_seq, EXCLUDED.delivered_seq),
                failed_attempts = EXCLUDED.failed_attempts, last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at
            """, cancellationToken);
    }
}
