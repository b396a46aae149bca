using System.Net.Http.Json;
using System.Text.Json;
using Aimo.Core;
using Microsoft.Playwright;
using Npgsql;

namespace Aimo.Admin.BrowserTests;

/// <summary>
/// The real stack (processes mode) with data produced by the real worker, plus one Chromium profile.
/// Shared by the browser tests, which run one after another in a single collection.
/// </summary>
public sealed class AdminFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    public const int IngestedSignatures = 30;

    private IPlaywright? _playwright;
    private string? _profile;
    private string? _signedInAs;

    public AimoStack Stack { get; private set; } = default!;
    public IBrowserContext Browser { get; private set; } = default!;
    public Uri AdminUrl { get; private set; } = default!;
    /// <summary>The operations API with an operator key (budget, batches, review).</summary>
    public HttpClient Api { get; private set; } = default!;
    /// <summary>The ingest API with an ingest key (send and look up signatures).</summary>
    public HttpClient Ingest { get; private set; } = default!;
    public IReadOnlyList<string> SignatureIds { get; private set; } = [];

    /// <summary>Stands in for the operators' chat webhook: the admin posts budget alerts here.</summary>
    public WebhookReceiver Webhook { get; } = new();

    public async Task InitializeAsync()
    {
        // Before the stack: a machine without Chromium fails at once, with what to do.
        var chromium = Chromium.Find();
        Stack = await StartStackAsync(Webhook.Url);
        AdminUrl = Stack.App.GetEndpoint(ResourceNames.Admin, "http");
        Api = Stack.CreateOperatorClient();
        Ingest = Stack.CreateIngestClient();
        SignatureIds = await IngestAndWaitAsync();

        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("aimo-chromium-").FullName;
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            BaseURL = AdminUrl.ToString(),
        });
        Browser.SetDefaultTimeout(30_000);
    }

    /// <summary>On a loaded CI machine (2 cores shared) a start can miss the stack's timeout: try once more on a fresh state folder.</summary>
    private static async Task<AimoStack> StartStackAsync(string webhookUrl)
    {
        string[] settings = [$"--Services:admin:Aimo:Alerts:WebhookUrl={webhookUrl}"];
        try
        {
            return await AimoStack.StartAsync(AimoStack.NewStateDirectory(), settings);
        }
        catch (TimeoutException)
        {
            return await AimoStack.StartAsync(AimoStack.NewStateDirectory(), settings);
        }
    }

    /// <summary>Ingests signatures through the API and waits until the real worker has finished each of them.</summary>
    private async Task<IReadOnlyList<string>> IngestAndWaitAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var signatures = Enumerable.Range(0, IngestedSignatures).Select(i => new
        {
            tier = (i % 3) switch { 0 => "A", 1 => "B", _ => "C" },
            host = i % 2 == 0 ? $"api{i}-{run}.openai.com" : $"files{i}-{run}.dropbox.com",
            pathTemplate = i % 2 == 0 ? "/v1/chat/completions" : "/2/files/upload",
            samples = new[] { i % 2 == 0 ? "POST /v1/chat/completions" : "POST /2/files/upload" },
        }).ToArray();
        using var response = await Ingest.PostAsJsonAsync("/api/signatures", new { signatures });
        response.EnsureSuccessStatusCode();
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();

        using var cts = new CancellationTokenSource(Timeout);
        foreach (var id in ids)
        {
            while (true)
            {
                var status = (await Ingest.GetFromJsonAsync<JsonElement>($"/api/signatures/{id}", cts.Token)).GetProperty("status").GetString();
                if (status is "classified" or "needs_review") break;
                await Task.Delay(250, cts.Token);
            }
        }
        return ids;
    }

    public async Task<NpgsqlConnection> PostgresAsync()
    {
        var connection = new NpgsqlConnection(await Stack.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// A page signed in as <paramref name="login"/> (default alice; the cookie lives in the shared profile, so another
    /// operator signs in afresh), with the interactive circuit connected.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string path, OperatorLogin? login = null)
    {
        login ??= AimoStack.Alice;
        if (_signedInAs != login.Name)
        {
            await Browser.ClearCookiesAsync();
        }
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(path);
        if (page.Url.Contains("/login", StringComparison.Ordinal))
        {
            await SignInAsync(page, login);
            _signedInAs = login.Name;
        }
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Fills and sends the sign-in form on <paramref name="page"/>.</summary>
    public static async Task SignInAsync(IPage page, OperatorLogin login, string? password = null)
    {
        await page.FillAsync("[data-testid=login-username]", login.Name);
        await page.FillAsync("[data-testid=login-password]", password ?? login.Password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    /// <summary>Clicks before the circuit connects are lost: wait for the marker only the interactive renderer draws.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Set to 1 to refresh the committed screenshots in <c>docs/screenshots/</c> (the README shows them). Otherwise they go
    /// to <c>TestResults/screenshots/</c> (git-ignored), so a test run leaves the work tree as it found it.
    /// </summary>
    public const string UpdateScreenshotsVariable = "AIMO_UPDATE_SCREENSHOTS";

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable(UpdateScreenshotsVariable) == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), Animations = ScreenshotAnimations.Disabled });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Aimo.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Aimo.sln not found above the test output folder");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        Ingest?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
            Directory.Delete(Stack.StateDirectory, recursive: true);
        }
        if (_profile is not null) Directory.Delete(_profile, recursive: true);
        await Webhook.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminFixture>
{
    public const string Name = "admin-browser";
}
