using System.Globalization;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Aimo.Data.Budget;

/// <summary>
/// The one owner of a day's budget counters: reservations as leases, settlement at the actual cost, the sweep that
/// converts a dead worker's leases, seeding from PostgreSQL whenever Redis lacks a day, snapshots, and the durable
/// mirror in <c>budget_days</c>. Nothing else reads or writes the counters.
/// </summary>
public sealed class BudgetLedger(IConnectionMultiplexer redis, IDbContextFactory<AimoDbContext> contexts)
{
    /// <summary>Counters outlive their day by this much (a late settle or a report can still find them).</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(3);

    private static long TtlSeconds => (long)KeyLifetime.TotalSeconds;

    /// <summary>
    /// Reserves <paramref name="estimateMicros"/> for one call. Tier C is refused when it would pass the soft limit
    /// (<see cref="BudgetPolicy"/>); A and B never are. A granted lease is converted to spend if it is not settled
    /// before <paramref name="leaseDuration"/> or its worker's heartbeat is gone.
    /// </summary>
    /// <param name="leaseId">The idempotency key: a reserve retried with the same id (after a timeout) reserves once.</param>
    /// <param name="retry">A further attempt of a call already admitted: never refused, whatever the tier.</param>
    public async Task<Reservation> ReserveAsync(DateOnly day, Tier tier, long estimateMicros, BudgetLimits limits,
        string consumer, TimeSpan leaseDuration, CancellationToken cancellationToken = default, string? leaseId = null, bool retry = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(estimateMicros);
        var id = leaseId ?? NewLeaseId();
        var result = await RunSeededAsync(day, BudgetScripts.Reserve,
            [BudgetKeys.Day(day), BudgetKeys.Leases(day), BudgetKeys.Converted(day), BudgetKeys.Settled(day)],
        [
            estimateMicros, limits.SoftLimitMicros, BudgetPolicy.MayDefer(tier) && !retry ? "1" : "0", id, tier.ToString(), consumer,
            (long)leaseDuration.TotalMilliseconds, TtlSeconds,
        ], cancellationToken);
        return new Reservation(result[0] == 1 ? new BudgetLease(day, id, tier, estimateMicros) : null, result[1], result[2]);
    }

    /// <summary>A new lease id: the idempotency key of one reservation and its settlement.</summary>
    public static string NewLeaseId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Settles a lease to the call's actual cost (0 releases it: the call was not sent, or not billed). Idempotent: a
    /// settle retried after a timeout counts once. Returns the day's spend after it.
    /// </summary>
    public async Task<long> SettleAsync(BudgetLease lease, long actualMicros, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualMicros);
        var result = await RunSeededAsync(lease.Day, BudgetScripts.Settle,
            [BudgetKeys.Day(lease.Day), BudgetKeys.Leases(lease.Day), BudgetKeys.Converted(lease.Day), BudgetKeys.Settled(lease.Day)],
            [lease.Id, actualMicros, lease.Tier.ToString(), TtlSeconds], cancellationToken);
        return result[1];
    }

    /// <summary>Converts the day's expired leases and those of workers whose heartbeat is gone. Returns how many.</summary>
    public async Task<int> SweepAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var result = await RunSeededAsync(day, BudgetScripts.Sweep,
            [BudgetKeys.Day(day), BudgetKeys.Leases(day), BudgetKeys.Converted(day)],
            [Aimo.Data.Queue.QueueKeys.HeartbeatPrefix, TtlSeconds], cancellationToken);
        return (int)result[0];
    }

    /// <summary>The day's counters (seeded first if Redis lacks them).</summary>
    public async Task<BudgetCounters> CountersAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        RedisValue[] fields =
        [
            BudgetKeys.SeededField, BudgetKeys.SpentMicrosField, BudgetKeys.ReservedMicrosField, BudgetKeys.RefusedField,
            .. Enum.GetValues<Tier>().Select(t => (RedisValue)BudgetKeys.TierSpentMicrosField(t)),
        ];
        var db = redis.GetDatabase();
        var values = await db.HashGetAsync(BudgetKeys.Day(day), fields);
        if (values[0].IsNull)
        {
            await SeedAsync(day, cancellationToken);
            values = await db.HashGetAsync(BudgetKeys.Day(day), fields);
        }
        long At(int i) => (long?)values[i] ?? 0;
        return new BudgetCounters(At(1), At(2), At(3), Enum.GetValues<Tier>().ToDictionary(t => t, t => At(4 + (int)t)));
    }

    public async Task<BudgetSnapshot> SnapshotAsync(DateOnly day, BudgetLimits limits, CancellationToken cancellationToken = default)
    {
        var counters = await CountersAsync(day, cancellationToken);
        return new BudgetSnapshot(limits, counters.SpentMicros, counters.ReservedMicros);
    }

    /// <summary>
    /// Writes the day's spend to <c>budget_days</c> (never lowering it) on <paramref name="db"/>, inside the caller's
    /// transaction: the durable copy every seed starts from.
    /// </summary>
    public static Task MirrorAsync(AimoDbContext db, DateOnly day, decimal budgetUsd, long spentMicros, bool countBatch,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO budget_days (day, budget_usd, spent_usd, batches, updated_at)
            VALUES ({day}, {budgetUsd}, {Micros.ToUsd(spentMicros)}, {(countBatch ? 1 : 0)}, {now})
            ON CONFLICT (day) DO UPDATE SET
              spent_usd = GREATEST(budget_days.spent_usd, EXCLUDED.spent_usd),
              budget_usd = EXCLUDED.budget_usd,
              batches = budget_days.batches + EXCLUDED.batches,
              updated_at = EXCLUDED.updated_at
            """, cancellationToken);

    /// <summary>Writes the day's spend to <c>budget_days</c> in a transaction of its own (after a sweep).</summary>
    public async Task MirrorAsync(DateOnly day, decimal budgetUsd, long spentMicros, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await MirrorAsync(db, day, budgetUsd, spentMicros, countBatch: false, DateTimeOffset.UtcNow, cancellationToken);
    }

    /// <summary>Seeds the day from the durable ledger unless Redis has it (a new day, or Redis lost its data).</summary>
    public async Task SeedAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var spentUsd = await db.BudgetDays.AsNoTracking().Where(d => d.Day == day)
            .Select(d => (decimal?)d.SpentUsd).FirstOrDefaultAsync(cancellationToken) ?? 0m;
        await redis.GetDatabase().ScriptEvaluateAsync(BudgetScripts.Seed, [BudgetKeys.Day(day)],
            [Micros.FromCostUsd(spentUsd), TtlSeconds]);
    }

    private async Task<long[]> RunSeededAsync(DateOnly day, string script, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        for (var attempt = 0; ; attempt++)
        {
            var result = ((RedisResult[])(await db.ScriptEvaluateAsync(script, keys, args))!)
                .Select(r => long.Parse(r.ToString(), CultureInfo.InvariantCulture)).ToArray();
            if (result[0] != -1 || attempt > 0)
            {
                return result[0] == -1
                    ? throw new InvalidOperationException($"The budget counters of {day:yyyy-MM-dd} could not be seeded.")
                    : result;
            }
            await SeedAsync(day, cancellationToken);
        }
    }
}
