using Aimo.Data.Retention;
using Microsoft.Extensions.Options;

namespace Aimo.Worker.Retention;

/// <summary>
/// Deletes history past its retention period (<see cref="RetentionOptions"/>) once per interval. Every replica runs the
/// loop; the sweep's advisory lock lets one of them delete at a time and the others skip that pass.
/// </summary>
public sealed partial class RetentionLoop(RetentionSweep sweep, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await sweep.RunAsync(settings, stoppingToken);
                if (result.Total > 0) LogDeleted(logger, result.Batches, result.Classifications, result.AuditRows, result.FeedRows);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Retention deleted {Batches} batch(es), {Classifications} old classification(s), {AuditRows} audit row(s) and {FeedRows} results feed row(s)")]
    private static partial void LogDeleted(ILogger logger, long batches, long classifications, long auditRows, long feedRows);

    [LoggerMessage(EventId = 902, Level = LogLevel.Warning, Message = "Retention pass failed; the next pass retries")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
