using System.Text.Json;
using Aimo.Data.Entities;
using Aimo.Data.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Aimo.Data.Operations;

/// <summary>The result of a settings change: the stored values, or field errors (keys are the camelCase field names).</summary>
public sealed record SettingsUpdateResult(bool Succeeded, IReadOnlyDictionary<string, string[]> Errors,
    decimal DailyBudgetUsd, double SoftLimitFraction, string TimeZone);

public sealed partial class SettingsCommands(IDbContextFactory<AimoDbContext> contexts, SignatureQueue queue, TimeProvider time,
    ILogger<SettingsCommands> logger)
{
    public const decimal MaxDailyBudgetUsd = 1_000_000m;

    /// <summary>Validates, persists and audits the budget settings, then announces the change to the workers.</summary>
    public async Task<SettingsUpdateResult> UpdateBudgetAsync(decimal dailyBudgetUsd, double softLimitFraction, string? timeZone,
        string actor, CancellationToken cancellationToken = default)
    {
        var errors = Validate(dailyBudgetUsd, softLimitFraction, timeZone);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.Settings.FirstOrDefaultAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        if (errors.Count > 0)
        {
            return new(false, errors, settings?.DailyBudgetUsd ?? 0, settings?.SoftLimitFraction ?? 0, settings?.TimeZone ?? "UTC");
        }
        if (settings is null)
        {
            settings = new SettingsRecord();
            db.Settings.Add(settings);
        }
        var before = new { settings.DailyBudgetUsd, settings.SoftLimitFraction, settings.TimeZone };
        settings.DailyBudgetUsd = dailyBudgetUsd;
        settings.SoftLimitFraction = softLimitFraction;
        settings.TimeZone = timeZone?.Trim() is { Length: > 0 } zone ? zone : settings.TimeZone;
        settings.UpdatedBy = actor;
        settings.UpdatedAt = time.GetUtcNow();
        db.AuditLog.Add(new AuditEntryRecord
        {
            Actor = actor, Action = "settings.budget", Subject = "settings",
            Detail = JsonSerializer.Serialize(new { before, after = new { dailyBudgetUsd, softLimitFraction, timeZone = settings.TimeZone } }),
            At = settings.UpdatedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await queue.PublishSettingsChangedAsync();
        }
        catch (RedisException ex)
        {
            // Stored is what counts; workers also re-read settings periodically.
            LogPublishFailed(logger, ex);
        }
        return new(true, errors, settings.DailyBudgetUsd, settings.SoftLimitFraction, settings.TimeZone);
    }

    public static Dictionary<string, string[]> Validate(decimal dailyBudgetUsd, double softLimitFraction, string? timeZone)
    {
        var errors = new Dictionary<string, string[]>();
        if (dailyBudgetUsd < 0 || dailyBudgetUsd > MaxDailyBudgetUsd)
        {
            errors["dailyBudgetUsd"] = [$"The daily budget must be between 0 and {MaxDailyBudgetUsd} USD."];
        }
        if (double.IsNaN(softLimitFraction) || softLimitFraction <= 0 || softLimitFraction > 1)
        {
            errors["softLimitFraction"] = ["The soft limit fraction must be greater than 0 and at most 1."];
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
