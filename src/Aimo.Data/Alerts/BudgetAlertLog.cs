using System.Text.Json;
using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Aimo.Data.Alerts;

/// <summary>
/// Who sends a budget alert, and the record that it was sent. The claim is a Redis <c>SET NX</c> per budget day and
/// threshold (one winner among any number of admin replicas; Redis keeps it across restarts with its append-only file);
/// the audit row is the durable record, checked first, so even a Redis that lost its data does not send an alert twice.
/// </summary>
public sealed class BudgetAlertLog(IConnectionMultiplexer redis, IDbContextFactory<AimoDbContext> contexts)
{
    public const string AuditAction = "budget.alert";
    public const string Actor = "aimo";
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromDays(3);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Subject(DateOnly day, string threshold) => $"budget:{day:yyyy-MM-dd}:{threshold}";

    /// <summary>True for exactly one caller per day and threshold, ever: that caller sends the alert.</summary>
    public async Task<bool> TryClaimAsync(DateOnly day, string threshold, string claimant, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subject = Subject(day, threshold);
        if (await db.AuditLog.AnyAsync(a => a.Action == AuditAction && a.Subject == subject, cancellationToken))
        {
            return false;
        }
        return await redis.GetDatabase().StringSetAsync(BudgetAlertKeys.Sent(day, threshold), claimant, ClaimLifetime, When.NotExists);
    }

    /// <summary>Tells every admin replica's open pages (pub/sub), so operators see the alert as it happens.</summary>
    public Task PublishAsync(BudgetAlert alert) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(BudgetAlertKeys.Channel), JsonSerializer.Serialize(alert, Json));

    public static BudgetAlert? Parse(string? message)
    {
        try
        {
            return message is null ? null : JsonSerializer.Deserialize<BudgetAlert>(message, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the audit row (with how the webhook went).</summary>
    public async Task RecordAsync(BudgetAlert alert, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(new AuditEntryRecord
        {
            Actor = Actor, Action = AuditAction, Subject = Subject(alert.Day, alert.Threshold),
            Detail = JsonSerializer.Serialize(alert, Json), At = alert.At,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The alerts recorded for a budget day, oldest first.</summary>
    public async Task<IReadOnlyList<BudgetAlert>> ForDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var prefix = $"budget:{day:yyyy-MM-dd}:";
        var details = await db.AuditLog.AsNoTracking()
            .Where(a => a.Action == AuditAction && a.Subject.StartsWith(prefix))
            .OrderBy(a => a.At).Select(a => a.Detail).ToListAsync(cancellationToken);
        return details.Select(Parse).OfType<BudgetAlert>().ToList();
    }
}
