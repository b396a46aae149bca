using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core.Budget;
using Aimo.Core.Signatures;
using StackExchange.Redis;
using Aimo.Data.Budget;

namespace Aimo.AppHost.Tests.Worker;

/// <summary>Budget helpers: settings as the admin UI writes them, today's counters, and the API's view.</summary>
public sealed partial class WorkerHarness
{
    /// <summary>Today's budget day of the stack's settings (UTC in the stack tests).</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Writes the settings row as the admin UI does and announces it; the worker reloads on the message.</summary>
    public async Task SetBudgetAsync(decimal budgetUsd, decimal softLimit = 0.9m)
    {
        await Db.ExecAsync("""
            INSERT INTO settings (id, daily_budget_usd, soft_limit_fraction, time_zone, updated_by, updated_at)
            VALUES (1, $1, $2, 'UTC', 'worker-tests', now())
            ON CONFLICT (id) DO UPDATE SET daily_budget_usd = $1, soft_limit_fraction = $2, time_zone = 'UTC',
              previous_time_zone = NULL, time_zone_change_at = NULL, updated_by = 'worker-tests', updated_at = now()
            """, budgetUsd, softLimit);
        await Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(BudgetKeys.SettingsChangedChannel), "budget");
        // The reload is a query away; give it a moment so nothing enqueued next is read under the old budget.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
    }

    public async Task<(decimal Budget, decimal SoftLimit)> ReadBudgetAsync()
    {
        var rows = await Db.RowsAsync("SELECT daily_budget_usd, soft_limit_fraction FROM settings WHERE id = 1");
        return rows.Count == 0 ? (BudgetSettings.DefaultDailyBudgetUsd, BudgetSettings.DefaultSoftLimitFraction) : ((decimal)rows[0][0]!, (decimal)rows[0][1]!);
    }

    /// <summary>Sets today's settled spend in Redis (the day counts as seeded), as if earlier batches had spent it.</summary>
    public async Task SetSpentAsync(long spentMicros) =>
        await Redis.GetDatabase().HashSetAsync(BudgetKeys.Day(Today),
            [new(BudgetKeys.SeededField, 1), new(BudgetKeys.SpentMicrosField, spentMicros)]);

    public async Task<(long Spent, long Reserved, long Refused)> CountersAsync()
    {
        var values = await Redis.GetDatabase().HashGetAsync(BudgetKeys.Day(Today),
            [BudgetKeys.SpentMicrosField, BudgetKeys.ReservedMicrosField, BudgetKeys.RefusedField]);
        return ((long?)values[0] ?? 0, (long?)values[1] ?? 0, (long?)values[2] ?? 0);
    }

    public async Task<long> TierSpentAsync(Tier tier) =>
        (long?)await Redis.GetDatabase().HashGetAsync(BudgetKeys.Day(Today), BudgetKeys.TierSpentMicrosField(tier)) ?? 0;

    /// <summary>The reservations in flight today: lease id → "estimate|tier|consumer|expires".</summary>
    public async Task<Dictionary<string, string>> LeasesAsync() =>
        (await Redis.GetDatabase().HashGetAllAsync(BudgetKeys.Leases(Today))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

    public async Task<Dictionary<string, string>> ConvertedLeasesAsync() =>
        (await Redis.GetDatabase().HashGetAllAsync(BudgetKeys.Converted(Today))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

    /// <summary><c>GET /api/budget</c> through the ingest service.</summary>
    public async Task<JsonElement> BudgetApiAsync()
    {
        using var api = Stack.CreateOperatorClient();
        return await api.GetFromJsonAsync<JsonElement>("/api/budget");
    }
}
