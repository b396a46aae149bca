using Aimo.Core;
using Aimo.Core.Results;
using Aimo.Data;
using Aimo.Data.Results;
using Aimo.Ingest.Api.Webhook;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Tests;

/// <summary>
/// Two ingest replicas with the results webhook configured: one sends at a time (each outcome once while it leads), and
/// when it stops the other takes over from the position in PostgreSQL, losing nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WebhookSenderReplicaTests : IAsyncLifetime
{
    private const string Secret = "replica-test-secret-0123456789";
    private readonly PostgresServer _postgres = new();
    private IDbContextFactory<AimoDbContext> _contexts = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _contexts = await MigratedContexts.CreateAsync(_postgres.ConnectionString);
    }

    public Task DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task One_replica_sends_at_a_time_and_the_other_takes_over_where_it_stopped()
    {
        await using var receiver = new WebhookReceiver();
        using var first = Sender(receiver.Url);
        using var second = Sender(receiver.Url);
        await AppendAsync(1, 60);
        await first.StartAsync(CancellationToken.None);
        await Wait.UntilAsync(() => Task.FromResult(Delivered(receiver).Count >= 60), TimeSpan.FromSeconds(30), "60 outcomes delivered");

        // A second replica starts: it waits for the lock, so the next outcomes still arrive once each, from the first.
        await second.StartAsync(CancellationToken.None);
        await AppendAsync(61, 75);
        await Wait.UntilAsync(() => Task.FromResult(Delivered(receiver).Count >= 75), TimeSpan.FromSeconds(30), "75 outcomes delivered");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(Ids(1, 75), Delivered(receiver));

        // The first stops (its replica shut down): the second leads and goes on from the position in PostgreSQL.
        await first.StopAsync(CancellationToken.None);
        await AppendAsync(76, 90);
        await Wait.UntilAsync(() => Task.FromResult(Delivered(receiver).Distinct().Count() >= 90), TimeSpan.FromSeconds(30), "90 outcomes delivered");
        await second.StopAsync(CancellationToken.None);

        // At least once: a batch the first sent but had not recorded yet may come twice; nothing is missing or out of order.
        var delivered = Delivered(receiver);
        Assert.Equal(Ids(1, 90), delivered.Distinct());
        Assert.InRange(delivered.Count, 90, 90 + 25);
        Assert.All(receiver.Raw, post => Assert.True(WebhookSignature.Verify(Secret, post.Signature, post.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
    }

    private static IEnumerable<string> Ids(int from, int to) => Enumerable.Range(from, to - from + 1).Select(n => $"hook-{n}");

    private List<string> Delivered(WebhookReceiver receiver) =>
        [.. receiver.Posts.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetString()!)];

    private async Task AppendAsync(int from, int to)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await ResultFeed.AppendAsync(db, [.. Enumerable.Range(from, to - from + 1).Select(n => new Aimo.Data.Entities.ResultFeedRecord
        {
            SignatureId = $"hook-{n}", SignatureVersion = 1, Status = "classified", CommittedAt = DateTimeOffset.UtcNow,
        })], CancellationToken.None);
        await tx.CommitAsync();
    }

    private ResultsWebhookSender Sender(string url)
    {
        var settings = Options.Create(new ResultsWebhookOptions { Url = url, Secret = Secret, BatchSize = 25, PollInterval = TimeSpan.FromMilliseconds(200) });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{ResourceNames.Database}", _postgres.ConnectionString)]).Build();
        var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new ResultsWebhookSender(settings, new ResultFeed(_contexts), new WebhookDeliveryLog(_contexts, TimeProvider.System), clients,
            configuration, TimeProvider.System, NullLogger<ResultsWebhookSender>.Instance);
    }
}
