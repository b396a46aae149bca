using System.Net.Http.Json;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>The day's budget as an operator sets it during a schedule: small at the start (tier C waits), raised later.</summary>
public static class OperatorBudget
{
    public const decimal SoftLimitFraction = 0.9m;

    /// <summary>Out of the way: nothing waits for the budget any more.</summary>
    public const decimal RaisedUsd = 1_000m;

    /// <summary>Raises the budget at <paramref name="at"/> on the history's clock (never, when null: the heal raises it).</summary>
    public static async Task RaiseAtAsync(HttpClient operatorApi, TimeSpan? at, History history, CancellationToken cancellationToken)
    {
        if (at is not { } when)
        {
            return;
        }
        var wait = when - history.Now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
        await SetAsync(operatorApi, RaisedUsd);
    }

    /// <summary>
    /// <c>PUT /api/budget</c> (UTC, the soft limit at 90 %; the API takes 4 decimal places, so rounded up), tried again while
    /// a fault keeps ingest or PostgreSQL away. A refusal (4xx) is a bug of the checker and fails at once.
    /// </summary>
    public static async Task SetAsync(HttpClient operatorApi, decimal dailyBudgetUsd)
    {
        var budget = Math.Ceiling(dailyBudgetUsd * 10_000m) / 10_000m;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var response = await operatorApi.PutAsJsonAsync("/api/budget",
                    new { dailyBudgetUsd = budget, softLimitFraction = SoftLimitFraction, timeZone = "UTC" }, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"PUT /api/budget {budget} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !timeout.IsCancellationRequested))
            {
            }
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        }
    }

}
