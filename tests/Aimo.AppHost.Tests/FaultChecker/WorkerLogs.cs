using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// The warnings and errors the worker replicas log (category and message line), counted per instance while the run
/// lasts: the evidence a report quotes when ids did not finish.
/// </summary>
public sealed partial class WorkerLogs : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, int> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps;

    public WorkerLogs(AimoStack stack, IEnumerable<string> instances)
    {
        var logs = stack.App.Services.GetRequiredService<ResourceLoggerService>();
        _pumps = [.. instances.Select(instance => Task.Run(() => PumpAsync(logs, instance)))];
    }

    /// <summary>Each distinct warning or error since the last call, with how often it was logged, most frequent first.</summary>
    public IReadOnlyList<string> TakeSummary()
    {
        var taken = new List<KeyValuePair<string, int>>();
        foreach (var key in _counts.Keys)
        {
            if (_counts.TryRemove(key, out var count))
            {
                taken.Add(new(key, count));
            }
        }
        var read = string.Join(", ", _lines.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} {l.Value}"));
        return [$"(log lines read so far: {read})", .. taken.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value}× {c.Key}")];
    }

    private static readonly string[] Levels = ["warn", "fail", "crit"];

    private async Task PumpAsync(ResourceLoggerService logs, string instance)
    {
        // A record is "warn: Category[EventId]" (the level in ANSI colours: the AppHost asks for them), then the message
        // indented on the next line, and for an error with an exception the exception's type and message on the one after.
        string? header = null;
        string? message = null;
        try
        {
            await foreach (var batch in logs.WatchAsync(instance).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    _lines.AddOrUpdate(instance, 1, (_, n) => n + 1);
                    var content = Timestamp().Replace(Ansi().Replace(line.Content, ""), "").Trim();
                    var level = Levels.FirstOrDefault(l => content.StartsWith(l + ": ", StringComparison.Ordinal));
                    if (message is not null)
                    {
                        var exception = content.Contains("Exception", StringComparison.Ordinal) && level is null ? $" — {content}" : "";
                        Count(instance, header!, message + exception);
                        (header, message) = (null, null);
                    }
                    if (level is not null)
                    {
                        header = $"{level} {content[(level.Length + 2)..]}";
                    }
                    else if (header is not null)
                    {
                        message = content;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Count(string instance, string header, string message) =>
        _counts.AddOrUpdate($"{instance}: {header}: {Shorten(message)}", 1, (_, n) => n + 1);

    /// <summary>Numbers vary from line to line (counts, ids, seconds); without them the same message counts as one.</summary>
    private static string Shorten(string message)
    {
        var text = Numbers().Replace(message, "#");
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z\s?")]
    private static partial System.Text.RegularExpressions.Regex Timestamp();

    [System.Text.RegularExpressions.GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex Ansi();

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial System.Text.RegularExpressions.Regex Numbers();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_pumps);
        _stop.Dispose();
    }
}
