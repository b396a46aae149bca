using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Polls <c>GET /api/signatures/{id}</c> one request at a time until stopped, alternating between the ids sent most
/// recently (where versions change) and all ids round-robin, and records every 200 in the history.
/// </summary>
public sealed class StatusPoller(HttpClient ingest, History history, Func<IReadOnlyList<string>> sent)
{
    private const int RecentWindow = 30;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(40);

    public async Task RunAsync(CancellationToken stop)
    {
        for (long turn = 0; !stop.IsCancellationRequested; turn++)
        {
            var ids = sent();
            if (ids.Count > 0)
            {
                var recent = Math.Min(RecentWindow, ids.Count);
                var id = turn % 2 == 0 ? ids[ids.Count - recent + (int)(turn / 2 % recent)] : ids[(int)(turn / 2 % ids.Count)];
                await PollAsync(id);
            }
            try
            {
                await Task.Delay(Pause, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task PollAsync(string id)
    {
        var sentAt = history.Now;
        try
        {
            using var response = await ingest.GetAsync($"/api/signatures/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return;
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            history.Add(new PollRecord(sentAt, history.Now, id, body.GetProperty("version").GetInt64(), body.GetProperty("status").GetString()!));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            // No answer tells nothing about versions.
        }
    }
}
