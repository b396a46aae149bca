using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aimo.Admin.BrowserTests;

/// <summary>Drives the admin UI in Chromium against the whole stack, and checks what it did through the ingest API.</summary>
[Collection(AdminCollection.Name)]
public sealed class AdminUiTests(AdminFixture fixture)
{
    [Fact]
    public async Task Sign_in_is_required_wrong_password_is_refused_and_sign_out_works()
    {
        await fixture.Browser.ClearCookiesAsync();
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync("batches");
        Assert.Contains("/login", page.Url);

        await AdminFixture.SignInAsync(page, AimoStack.Alice, password: "wrong-password");
        await Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync("Wrong user name or password.");

        await AdminFixture.SignInAsync(page, AimoStack.Alice);
        await AdminFixture.WaitInteractiveAsync(page);
        Assert.EndsWith("/batches", page.Url);
        await Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync(AimoStack.Alice.Name);
        await AdminFixture.ScreenshotAsync(page, "sign_in");

        await page.ClickAsync("[data-testid=sign-out]");
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync("");
        Assert.Contains("/login", page.Url);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Overview_figures_match_the_budget_api()
    {
        var page = await fixture.SignedInPageAsync("");
        await Expect(page.Locator("[data-testid=budget-gauge]")).ToBeVisibleAsync();

        // The overview refreshes every few seconds; the worker may still settle a batch, so compare until both agree.
        using var cts = new CancellationTokenSource(AdminFixture.Timeout);
        string? mismatch;
        do
        {
            var budget = await fixture.Api.GetFromJsonAsync<JsonElement>("/api/budget", cts.Token);
            mismatch = await MismatchAsync(page, budget);
            if (mismatch is null) break;
            await Task.Delay(1000, cts.Token);
        }
        while (!cts.IsCancellationRequested);
        Assert.Null(mismatch);

        var classified = Number(await page.Locator("[data-testid=kpi-classified]").TextContentAsync());
        Assert.True(classified >= 1, $"classified today = {classified}");
        await AdminFixture.ScreenshotAsync(page, "overview");
        await page.CloseAsync();
    }

    private static async Task<string?> MismatchAsync(IPage page, JsonElement budget)
    {
        var checks = new (string TestId, decimal Expected)[]
        {
            ("budget-spent", budget.GetProperty("spentUsd").GetDecimal()),
            ("budget-reserved", budget.GetProperty("reservedUsd").GetDecimal()),
            ("queue-a", budget.GetProperty("queued").GetProperty("A").GetDecimal()),
            ("queue-b", budget.GetProperty("queued").GetProperty("B").GetDecimal()),
            ("queue-c", budget.GetProperty("queued").GetProperty("C").GetDecimal()),
        };
        foreach (var (testId, expected) in checks)
        {
            var shown = Number(await page.Locator($"[data-testid={testId}]").TextContentAsync());
            // Currency is shown rounded to at least two decimals.
            if (Math.Abs(shown - expected) > 0.005m) return $"{testId}: UI {shown}, API {expected}";
        }
        var state = (await page.Locator("[data-testid=budget-state]").TextContentAsync())?.Trim().Replace(' ', '_').ToLowerInvariant();
        return state == budget.GetProperty("state").GetString() ? null : $"state: UI {state}, API {budget.GetProperty("state")}";
    }

    internal static decimal Number(string? text) =>
        decimal.Parse(new string((text ?? "").Where(c => char.IsDigit(c) || c is '.' or '-').ToArray()), CultureInfo.InvariantCulture);
}
