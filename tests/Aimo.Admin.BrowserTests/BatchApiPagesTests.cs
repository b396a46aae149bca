using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aimo.Admin.BrowserTests;

/// <summary>Tier C's Batch API as operators see it: the jobs page, the Overview's jobs in flight, and spend split by how it was paid.</summary>
[Collection(AdminCollection.Name)]
public sealed class BatchApiPagesTests(AdminFixture fixture)
{
    [Fact]
    public async Task Jobs_page_overview_and_costs_show_the_batch_api_jobs_and_their_spend()
    {
        // A day of its own for the costs: one synchronous batch and one answered by a job (0.30 at the batch price + 0.05 re-asked).
        var day = DateTime.UtcNow.Date.AddDays(-30 - Random.Shared.Next(0, 200));
        var at = new DateTimeOffset(day.AddHours(9), TimeSpan.Zero);
        var (inFlight, done) = (Guid.NewGuid(), Guid.NewGuid());
        var submitted = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var pg = await fixture.PostgresAsync())
        {
            await Seed.BatchAsync(pg, at, latencyMs: 900, costUsd: 0.20m, tier: "A");
            await Seed.ExecAsync(pg, """
                INSERT INTO batches (id, tier, model, signature_count, sample_chars, estimated_input_tokens, estimated_output_tokens, input_tokens,
                    output_tokens, cost_usd_estimated, cost_usd_actual, batch_api_cost_usd, batch_job_id, latency_ms, attempts, json_retries,
                    success_rate, status, started_at, finished_at)
                VALUES (gen_random_uuid(), 'C', 'gpt-4o-mini', 20, 4000, 2000, 1500, 2100, 1400, 0.30, 0.35, 0.30, $1, 0, 1, 1, 1, 'succeeded', $2, $2)
                """, done, at);
            await JobAsync(pg, inFlight, "submitted", "in_progress", lines: 3, signatures: 57, submitted, finished: null);
            await JobAsync(pg, done, "completed", "completed", lines: 5, signatures: 100, submitted.AddHours(-2), finished: submitted.AddHours(-1));
        }
        try
        {
            var jobs = await fixture.SignedInPageAsync("batch-jobs");
            var rows = jobs.Locator("[data-testid=batch-jobs] tbody tr");
            await Expect(rows.Filter(new() { HasText = $"prov-{inFlight:N}" }).Locator("[data-testid=job-state]")).ToHaveTextAsync("Submitted");
            var completed = rows.Filter(new() { HasText = $"prov-{done:N}" });
            await Expect(completed.Locator("[data-testid=job-state]")).ToHaveTextAsync("Completed");
            await Expect(completed.Locator("[data-testid=job-lines]")).ToHaveTextAsync("5 (5 / 0)");
            await Expect(completed.Locator("[data-testid=job-cost]")).ToContainTextAsync("0.3");
            await AdminFixture.ScreenshotAsync(jobs, "batch_jobs");
            await jobs.CloseAsync();

            var overview = await fixture.SignedInPageAsync("");
            await Expect(overview.Locator("[data-testid=kpi-jobs]")).ToHaveTextAsync("1");
            var due = (submitted + TimeSpan.FromHours(24)).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            await Expect(overview.GetByText("57 tier C signatures")).ToContainTextAsync($"all due by {due}");
            await overview.CloseAsync();

            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var costs = await fixture.SignedInPageAsync($"costs?from={date}&to={date}&group=path");
            var table = costs.Locator("[data-testid=cost-table]");
            // One column per path, the larger first; the total row sums each.
            await Expect(table.Locator("thead th")).ToHaveTextAsync(["Hour", "Batch API", "synchronous", "Total"]);
            await Expect(table.Locator("[data-testid=cost-total-row] td")).ToHaveTextAsync(["Total", "$0.30", "$0.25", "$0.55"]);
            await AdminFixture.ScreenshotAsync(costs, "costs_by_path");
            await costs.CloseAsync();
        }
        finally
        {
            // No job left in flight for the other tests' Overview (the worker's poller would ask llm-sim for it meanwhile).
            await using var pg = await fixture.PostgresAsync();
            await Seed.ExecAsync(pg, "UPDATE batch_jobs SET state = 'returned', finished_at = now() WHERE id = $1", inFlight);
        }
    }

    private static Task JobAsync(Npgsql.NpgsqlConnection pg, Guid id, string state, string providerStatus, int lines, int signatures,
        DateTimeOffset submitted, DateTimeOffset? finished) =>
        Seed.ExecAsync(pg, """
            INSERT INTO batch_jobs (id, job_key, model, state, provider_job_id, provider_status, lines, signatures, carries, cost_usd_estimated,
                cost_usd_actual, lines_succeeded, lines_failed, created_at, updated_at, submitted_at, finished_at)
            VALUES ($1, $2, 'gpt-4o-mini', $3, $4, $5, $6, $7, '[]'::jsonb, 0.40, $8, $9, 0, $10, $10, $10, $11)
            """, id, $"j-{id:N}", state, $"prov-{id:N}", providerStatus, lines, signatures, finished is null ? null : 0.30m,
            finished is null ? 0 : lines, submitted, finished);
}
