using System.Text.Json;
using Aimo.Core.Signatures;
using Aimo.Data.Queue;
using Aimo.Worker.BatchApi;
using Aimo.Worker.Llm;

namespace Aimo.Worker.Tests.BatchApi;

public sealed class JobFileTests
{
    private static readonly LlmConnection Connection = new(new Uri("http://llm.test/v1"), "key", "gpt-4o-mini");

    private static QueueEntry Entry(string id, int n) =>
        new(Tier.C, id, new Signature($"sig-{n}", Tier.C, "GET", $"host{n}.example.com", "/api/{id}", [$"GET /api/{n}"]), "hash", DateTimeOffset.UnixEpoch, "ingest", n);

    [Fact]
    public async Task A_line_carries_the_chat_request_the_synchronous_path_sends()
    {
        var request = new ModelRequest(Connection.Model, new LlmModelOptions().For(Connection.Model));
        var group = TestBatches.Of(3, Tier.C);
        var body = await new JobRequests(Connection, request).BodyAsync(group, CancellationToken.None);

        var jsonl = JobFile.Write([("b-1", body), ("b-2", body)]).ToString();

        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var line = JsonDocument.Parse(lines[0]);
        var root = line.RootElement;
        Assert.Equal("b-1", root.GetProperty("custom_id").GetString());
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("/v1/chat/completions", root.GetProperty("url").GetString());
        var sent = root.GetProperty("body");
        Assert.Equal("gpt-4o-mini", sent.GetProperty("model").GetString());
        Assert.Equal("json_schema", sent.GetProperty("response_format").GetProperty("type").GetString());
        var messages = sent.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.All(group, s => Assert.Contains(s.Id, messages[1].GetProperty("content").GetString()));
        Assert.False(sent.TryGetProperty("stream", out var stream) && stream.GetBoolean());
    }

    [Theory]
    [InlineData("GET /v1/items?q=plain-ascii-text")]
    [InlineData("GET /wiki/Übersicht?q=naïve café «€» 東京 🙂 <script>&amp;\"quoted\"\\")]
    public async Task A_line_is_never_larger_than_its_bound_so_a_job_file_stays_under_the_limit(string sample)
    {
        var request = new ModelRequest(Connection.Model, new LlmModelOptions().For(Connection.Model));
        var group = Enumerable.Range(0, 20).Select(i => new FormattedSignature($"sig-{i}", string.Concat(Enumerable.Repeat(sample, 12)), false)).ToList();
        var body = await new JobRequests(Connection, request).BodyAsync(group, CancellationToken.None);

        var line = JobFile.Write([("b-" + new string('f', 40), body)]).ToArray().Length;

        var bound = JobFile.LineBound(request, group);
        Assert.InRange(line, 1, bound);
        // Close to the real size, not a blind multiple of it: a job is not cut needlessly small.
        Assert.True(bound < (line * 2) + (16 * 1024), $"bound {bound} for a line of {line} bytes");
    }

    [Fact]
    public void A_planned_batch_has_the_same_custom_id_whatever_the_order_of_its_entries()
    {
        var a = JobLine.For([Entry("1-0", 1), Entry("2-0", 2)]);
        var b = JobLine.For([Entry("2-0", 2), Entry("1-0", 1)]);
        var c = JobLine.For([Entry("1-0", 1), Entry("3-0", 3)]);
        Assert.Equal(a.CustomId, b.CustomId);
        Assert.NotEqual(a.CustomId, c.CustomId);
        Assert.Equal(JobLine.JobKey([a, c]), JobLine.JobKey([c, b]));
        Assert.True(a.CustomId.Length <= 64 && JobLine.JobKey([a, c]).Length <= 64);
    }

    [Fact]
    public void Results_are_matched_by_custom_id_whatever_their_order_and_errors_are_not_answers()
    {
        var output = string.Join('\n',
            Line("b-2", 200, Completion("second", 120, 30)),
            Line("b-1", 200, Completion("first", 100, 20)));
        var errors = string.Join('\n',
            Line("b-3", 500, """{"error":{"message":"server error","type":"server_error"}}"""),
            """{"id":"r-4","custom_id":"b-4","response":null,"error":{"code":"batch_expired","message":"expired"}}""");

        var results = JobResults.Parse(output, errors);

        Assert.Equal(4, results.Count);
        var first = results["b-1"].ToChatResponse();
        Assert.Equal("first", first.Text);
        Assert.Equal(100, first.Usage!.InputTokenCount);
        Assert.Equal(20, first.Usage!.OutputTokenCount);
        Assert.Equal("second", results["b-2"].ToChatResponse().Text);
        Assert.False(results["b-3"].Answered);
        Assert.False(results["b-4"].Answered);
        Assert.Contains("batch_expired", results["b-4"].Error);
    }

    private static string Line(string customId, int status, string body) =>
        $$"""{"id":"r-{{customId}}","custom_id":"{{customId}}","response":{"status_code":{{status}},"request_id":"req","body":{{body}}},"error":null}""";

    private static string Completion(string text, int input, int output) =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
        + $"\"message\":{{\"role\":\"assistant\",\"content\":\"{text}\"}},\"finish_reason\":\"stop\"}}],"
        + $"\"usage\":{{\"prompt_tokens\":{input},\"completion_tokens\":{output},\"total_tokens\":{input + output}}}}}";
}
