using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// Sends a schedule's steps through the real ingest API at their times (one after another: a late step goes at once),
/// and records each answer in the history. Every id it sends is offered to the poller.
/// </summary>
public sealed class WorkloadRunner(HttpClient ingest, History history, WorkloadIds ids)
{
    private readonly List<string> _sent = [];

    /// <summary>Ids sent so far, oldest first (a copy).</summary>
    public IReadOnlyList<string> Sent
    {
        get { lock (_sent) return [.. _sent]; }
    }

    public async Task RunAsync(IReadOnlyList<WorkloadStep> steps, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            var wait = step.At - history.Now;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            await PostAsync(step);
        }
    }

    private async Task PostAsync(WorkloadStep step)
    {
        string[] sent = [.. step.Items.Select(i => ids.Id(i.Index))];
        lock (_sent)
        {
            _sent.AddRange(sent.Where(id => !_sent.Contains(id)));
        }
        var sentAt = history.Now;
        var (status, versions) = (0, (IReadOnlyList<long?>)[]);
        try
        {
            using var response = await ingest.PostAsJsonAsync("/api/signatures", new { signatures = step.Items.Select(ids.Body).ToArray() });
            status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                versions = [.. body.GetProperty("versions").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (long?)null : v.GetInt64())];
                var answeredIds = body.GetProperty("ids").EnumerateArray().Select(v => v.GetString()).ToArray();
                if (!answeredIds.SequenceEqual(sent))
                {
                    throw new InvalidOperationException($"ingest answered ids [{string.Join(",", answeredIds)}] for [{string.Join(",", sent)}]");
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            // No (readable) answer: whether anything was stored is unknown, and the checks treat it so.
            status = 0;
        }
        history.Add(new IngestRecord(sentAt, history.Now, step.Kind, sent, status, versions));
    }
}
