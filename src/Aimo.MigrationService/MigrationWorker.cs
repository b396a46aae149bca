using System.Diagnostics;
using Aimo.Data;
using Microsoft.EntityFrameworkCore;

namespace Aimo.MigrationService;

/// <summary>Applies pending EF Core migrations to <c>aimodb</c>, then stops the host (aspire-samples pattern).</summary>
internal sealed partial class MigrationWorker(
    IServiceProvider serviceProvider,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    public const string ActivitySourceName = "Aimo.Migrations";
    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var scope = serviceProvider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AimoDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToList();
            // The execution strategy retries transient failures (Postgres still starting, a dropped connection).
            await db.Database.CreateExecutionStrategy().ExecuteAsync(
                () => db.Database.MigrateAsync(stoppingToken));
            LogApplied(logger, pending.Count, string.Join(", ", pending));
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            LogFailed(logger, ex);
            // A non-zero exit code makes the AppHost show the failure and keeps dependants from starting.
            Environment.ExitCode = 1;
        }
        lifetime.StopApplication();
    }

    [LoggerMessage(1, LogLevel.Information, "Applied {Count} migration(s): {Migrations}")]
    private static partial void LogApplied(ILogger logger, int count, string migrations);

    [LoggerMessage(2, LogLevel.Critical, "Database migration failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
