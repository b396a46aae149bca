namespace Aimo.Admin.Live;

/// <summary>
/// A component's subscription to <see cref="LiveUpdates"/>: the first change schedules one refresh after the
/// interval; changes until then ride along; a change during the refresh schedules the next. Dispose with the component.
/// </summary>
public sealed partial class LiveRefresh : IDisposable
{
    private readonly IDisposable _subscription;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Func<Task> _refresh;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private int _scheduled;

    internal LiveRefresh(LiveUpdates live, IEnumerable<LiveTopic> topics, TimeSpan interval, TimeProvider time, Func<Task> refresh, ILogger logger)
    {
        var wanted = topics.ToHashSet();
        _interval = interval;
        _time = time;
        _refresh = refresh;
        _logger = logger;
        _subscription = live.Subscribe(e =>
        {
            if (wanted.Contains(e.Topic)) Signal();
        });
    }

    private void Signal()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(_interval, _time, _cts.Token);
            Volatile.Write(ref _scheduled, 0);
            await _refresh();
        }
        catch (OperationCanceledException)
        {
            // Disposed: the page was left.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the change and the refresh.
        }
        catch (Exception ex)
        {
            LogRefreshFailed(_logger, ex);
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _cts.Cancel();
        _cts.Dispose();
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "A live refresh of an open page failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
