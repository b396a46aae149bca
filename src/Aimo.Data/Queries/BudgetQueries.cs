using System.Text.Json;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Queries;

/// <summary>Queue depth per tier (entries not yet finished by the worker).</summary>
public sealed record QueueDepths(long A, long B, long C);

/// <summary>Today's budget: settings from Postgres, live counters from Redis.</summary>
/// <param name="State">"open", "soft_limited" or "exhausted".</param>
public sealed record BudgetView(
    DateOnly Day, string TimeZone, decimal BudgetUsd, decimal SpentUsd, decimal ReservedUsd,
    double SoftLimitFraction, string State, QueueDepths Queued);

public sealed class BudgetQueries(IDbContextFactory<AimoDbContext> contexts, SignatureQueue queue, TimeProvider time)
{
    public async Task<BudgetView> GetTodayAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken)
            ?? new SettingsRecord();
        var day = new BudgetClock(time, settings.TimeZone).Today;
        decimal spent, reserved;
        if (await queue.BudgetCountersAsync(day) is { } live)
        {
            spent = live.SpentMicros / 1_000_000m;
            reserved = live.ReservedMicros / 1_000_000m;
        }
        else
        {
            // Redis lost its counters (or nothing was spent yet): the durable ledger is the truth.
            spent = await db.BudgetDays.AsNoTracking().Where(d => d.Day == day).Select(d => (decimal?)d.SpentUsd)
                .FirstOrDefaultAsync(cancellationToken) ?? 0m;
            reserved = 0m;
        }
        var snapshot = new BudgetSnapshot(settings.DailyBudgetUsd, spent, reserved, (decimal)settings.SoftLimitFraction);
        var depths = await queue.DepthsAsync();
        return new BudgetView(day, settings.TimeZone, settings.DailyBudgetUsd, spent, reserved, settings.SoftLimitFraction,
            JsonNamingPolicy.SnakeCaseLower.ConvertName(snapshot.State.ToString()),
            new QueueDepths(depths[Tier.A], depths[Tier.B], depths[Tier.C]));
    }
}
