using System.Text;
using System.Text.Json;
using Aimo.Core;
using Aimo.Core.Results;
using Aimo.Data.Results;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Aimo.Ingest.Api.Webhook;

/// <summary>What the webhook POSTs: a page of the results feed and the cursor after it (a receiver de-duplicates by it).</summary>
public sealed record ResultsDelivery(string Cursor, IReadOnlyList<ResultOutcome> Items);

/// <summary>
/// Sends the results feed to the configured webhook, at least once, in commit order. It lives in ingest, next to the
/// feed it reads and the feeders it serves (the admin is the operators' UI and may be left out of a deployment).
/// One ingest replica sends at a time: the one holding a session advisory lock on a connection of its own (a crashed
/// sender's connection closes and frees it). The position acknowledged by the receiver is kept in PostgreSQL, so a
/// restart resumes there; a receiver that fails is retried with exponential backoff, and the worker never waits on it.
/// </summary>
public sealed partial class ResultsWebhookSender(IOptions<ResultsWebhookOptions> options, ResultFeed feed, WebhookDeliveryLog deliveries,
    IHttpClientFactory clients, IConfiguration configuration, TimeProvider time, ILogger<ResultsWebhookSender> logger) : BackgroundService
{
    public const string ClientName = "results-webhook";

    /// <summary>The session lock of the one sender ("AIMOHOOK").</summary>
    public const long SenderLock = 0x41494D4F484F4F4B;

    private static readonly TimeSpan FollowerRetry = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var lease = await TryLeadAsync(stoppingToken);
                if (lease is null)
                {
                    await Task.Delay(FollowerRetry, time, stoppingToken);
                    continue;
                }
                LogLeading(logger, Receiver(settings.Url!));
                await DeliverWhileLeadingAsync(lease, settings, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // PostgreSQL gone or the lock's connection broken: lead again once it answers.
                LogInterrupted(logger, ex);
                await Task.Delay(FollowerRetry, time, stoppingToken);
            }
        }
    }

    /// <summary>A connection of its own (not pooled: closing it must end the session and free the lock) holding the sender lock, or null.</summary>
    private async Task<NpgsqlConnection?> TryLeadAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(ResourceNames.Database))
        {
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({SenderLock})", connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            return connection;
        }
        await connection.DisposeAsync();
        return null;
    }

    private async Task DeliverWhileLeadingAsync(NpgsqlConnection lease, ResultsWebhookOptions settings, CancellationToken stoppingToken)
    {
        var url = settings.Url!;
        var delivered = await deliveries.DeliveredAsync(url, stoppingToken);
        var failures = 0;
        await using var alive = new NpgsqlCommand("SELECT 1", lease);
        while (true)
        {
            // Throws when the lock's session is gone, so a sender that lost it stops instead of racing the next one.
            await alive.ExecuteScalarAsync(stoppingToken);
            var page = await feed.ReadAsync(delivered, settings.BatchSize, stoppingToken);
            if (page.Items.Count == 0)
            {
                await Task.Delay(settings.PollInterval, time, stoppingToken);
                continue;
            }
            var error = await PostAsync(settings, JsonSerializer.Serialize(new ResultsDelivery(page.Next, page.Items), Json), stoppingToken);
            if (error is null)
            {
                FeedCursor.TryDecode(page.Next, out delivered);
                failures = 0;
                await deliveries.AdvanceAsync(url, delivered, stoppingToken);
                continue;
            }
            failures++;
            var wait = RetryDelay(settings, failures);
            LogRefused(logger, Receiver(url), page.Items.Count, failures, error, wait.TotalSeconds);
            await deliveries.FailedAsync(url, delivered, failures, error, stoppingToken);
            await Task.Delay(wait, time, stoppingToken);
        }
    }

    /// <summary>Null when the receiver acknowledged (2xx); otherwise what went wrong.</summary>
    private async Task<string?> PostAsync(ResultsWebhookOptions settings, string body, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(settings.Secret!, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Options.Set(Microsoft.Extensions.Hosting.Extensions.RedactUrlInTraces, true);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(settings.AttemptTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, attempt.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            return ex is OperationCanceledException ? $"no answer within {settings.AttemptTimeout.TotalSeconds} s" : ex.Message;
        }
    }

    /// <summary>First retry after <c>FirstRetryDelay</c>, doubling up to <c>MaxRetryDelay</c>, with up to 20 % jitter.</summary>
    public static TimeSpan RetryDelay(ResultsWebhookOptions settings, int failures)
    {
        var doubled = settings.FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = doubled > settings.MaxRetryDelay ? settings.MaxRetryDelay : doubled;
        return capped * (1 + Random.Shared.NextDouble() * 0.2);
    }

    /// <summary>Logs name the receiver by scheme and host: a hook URL's path or query is often its secret.</summary>
    private static string Receiver(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}" : "(invalid URL)";

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "This ingest replica sends the results webhook to {Receiver}")]
    private static partial void LogLeading(ILogger logger, string receiver);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Results webhook {Receiver} did not take {Count} outcomes ({Failures} failures in a row): {Error}; next try in {Seconds:F1} s")]
    private static partial void LogRefused(ILogger logger, string receiver, int count, int failures, string error, double seconds);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Results webhook sender interrupted; it leads again once PostgreSQL answers")]
    private static partial void LogInterrupted(ILogger logger, Exception exception);
}
