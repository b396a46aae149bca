using System.Text.Json;
using Aimo.Core.Budget;
using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Aimo.Data.Budget;

namespace Aimo.Data.Operations;

/// <summary>
/// The result of a settings change: the stored values, or field errors (keys are the camelCase field names).
/// <paramref name="TimeZoneChangeAt"/> is set while a time-zone change waits for the old zone's midnight.
/// </summary>
public sealed record SettingsUpdateResult(bool Succeeded, IReadOnlyDictionary<string, string[]> Errors,
    decimal DailyBudgetUsd, decimal SoftLimitFraction, string TimeZone, DateTimeOffset? TimeZoneChangeAt = null);

public sealed partial class SettingsCommands(IDbContextFactory<AimoDbContext> contexts, IConnectionMultiplexer redis, TimeProvider time,
    ILogger<SettingsCommands> logger)
{
    /// <summary>
    /// Validates, persists and audits the budget settings, then announces the change to the workers. A new time zone
    /// takes effect at the next midnight of the current one (<see cref="BudgetSettings.WithTimeZone"/>), so today's
    /// spend is never reset.
    /// </summary>
    public async Task<SettingsUpdateResult> UpdateBudgetAsync(decimal dailyBudgetUsd, decimal softLimitFraction, string? timeZone,
        string actor, CancellationToken cancellationToken = default)
    {
        // JSON's -0 arrives as a decimal zero with its sign: store and echo a plain 0.
        if (dailyBudgetUsd == 0m) dailyBudgetUsd = 0m;
        if (softLimitFraction == 0m) softLimitFraction = 0m;
        var errors = Validate(dailyBudgetUsd, softLimitFraction, timeZone);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.Settings.FirstOrDefaultAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var current = settings?.ToBudgetSettings() ?? BudgetSettings.Default;
        var next = current with { DailyBudgetUsd = dailyBudgetUsd, SoftLimitFraction = softLimitFraction };
        if (errors.Count == 0 && !string.IsNullOrWhiteSpace(timeZone))
        {
            if (next.WithTimeZone(timeZone, time) is { } zoned)
            {
                next = zoned;
            }
            else
            {
                errors["timeZone"] = [$"The change to {current.TimeZone} is taking effect today; change the time zone again after {current.Clock(time).NextDayStartsAt:u}."];
            }
        }
        if (errors.Count > 0)
        {
            return new(false, errors, current.DailyBudgetUsd, current.SoftLimitFraction, current.TimeZone, current.ZoneChangeAt);
        }
        if (settings is null)
        {
            settings = new SettingsRecord();
            db.Settings.Add(settings);
        }
        settings.DailyBudgetUsd = next.DailyBudgetUsd;
        settings.SoftLimitFraction = next.SoftLimitFraction;
        settings.TimeZone = next.TimeZone;
        settings.PreviousTimeZone = next.PreviousTimeZone;
        settings.TimeZoneChangeAt = next.ZoneChangeAt;
        settings.UpdatedBy = actor;
        settings.UpdatedAt = time.GetUtcNow();
        db.AuditLog.Add(new AuditEntryRecord
        {
            Actor = actor, Action = "settings.budget", Subject = "settings",
            Detail = JsonSerializer.Serialize(new { before = current, after = next }),
            At = settings.UpdatedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(BudgetKeys.SettingsChangedChannel), "budget");
        }
        catch (RedisException ex)
        {
            // Stored is what counts; workers also re-read settings periodically.
            LogPublishFailed(logger, ex);
        }
        return new(true, errors, next.DailyBudgetUsd, next.SoftLimitFraction, next.TimeZone,
            next.Clock(time).ZoneChangePending ? next.ZoneChangeAt : null);
    }

    public static Dictionary<string, string[]> Validate(decimal dailyBudgetUsd, decimal softLimitFraction, string? timeZone)
    {
        var errors = new Dictionary<string, string[]>();
        if (BudgetSettingsRules.DailyBudgetError(dailyBudgetUsd) is { } budgetError)
        {
            errors["dailyBudgetUsd"] = [budgetError];
        }
        if (BudgetSettingsRules.SoftLimitFractionError(softLimitFraction) is { } fractionError)
        {
            errors["softLimitFraction"] = [fractionError];
        }
        if (timeZone is not null && !IsKnownZone(timeZone))
        {
            errors["timeZone"] = [$"Unknown time zone \"{timeZone}\"; use an IANA id such as \"UTC\" or \"Europe/Berlin\"."];
        }
        return errors;
    }

    private static bool IsKnownZone(string id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Settings saved but the change could not be published to Redis")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
