using System.Text.Json;

namespace Aimo.LoadTest;

/// <summary>
/// Waits until the queues are empty (<c>GET /api/budget</c> → <c>queued</c>): the worker XDELs an entry only
/// after its result or review item is committed, so empty queues mean every signature has finished.
/// One poll a second keeps the load test far below the API's per-key rate limit.
/// </summary>
internal static class Completion
{
    public static async Task<bool> WaitForEmptyQueuesAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var budget = JsonDocument.Parse(await http.GetStringAsync("/api/budget")).RootElement;
            var queued = budget.GetProperty("queued").EnumerateObject().Sum(tier => tier.Value.GetInt64());
            if (queued == 0)
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return false;
    }
}
