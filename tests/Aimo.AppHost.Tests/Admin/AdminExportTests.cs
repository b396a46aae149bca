using System.Net;
using System.Text.Json;
using static Aimo.AppHost.Tests.Ingest.IngestHelpers;

namespace Aimo.AppHost.Tests.Admin;

/// <summary>
/// The Export buttons' <c>/export/{kind}</c> over plain HTTP: only for a signed-in operator, and then the very download
/// (and the very 400) the ingest API's <c>/api/export/{kind}</c> sends for an operator key.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AdminExportTests(StackFixture fixture)
{
    private AimoStack Stack => fixture.Stack;

    [Fact]
    public async Task A_signed_in_operator_downloads_what_the_api_sends_and_nobody_else_does()
    {
        var host = NewHost();
        var id = $"axp_{Guid.NewGuid():N}"[..20];
        await using (var pg = await PostgresAsync(Stack))
        {
            await SeedSignatureAsync(pg, id, "B", host, "classified");
        }
        var query = $"signatures?format=csv&q={host}";
        using var admin = AdminHttp.NewClient(Stack);
        using (var anonymous = await admin.GetAsync($"/export/{query}"))
        {
            // An API endpoint to the cookie handler (typed results), so 401 rather than a redirect; the link still says where to sign in.
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("/login", anonymous.Headers.Location?.OriginalString);
            Assert.Null(anonymous.Content.Headers.ContentDisposition);
        }
        await AdminHttp.SignInAsync(admin, AimoStack.Alice);
        using var api = Stack.CreateOperatorClient();

        using var fromAdmin = await admin.GetAsync($"/export/{query}");
        using var fromApi = await api.GetAsync($"/api/export/{query}");

        Assert.Equal(HttpStatusCode.OK, fromAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromApi.StatusCode);
        Assert.Equal("text/csv", fromAdmin.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fromApi.Content.Headers.ContentType, fromAdmin.Content.Headers.ContentType);
        Assert.Equal("attachment", fromAdmin.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("aimo-signatures-", fromAdmin.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("no-store", fromAdmin.Headers.CacheControl?.ToString());
        var csv = await fromAdmin.Content.ReadAsStringAsync();
        Assert.Equal(await fromApi.Content.ReadAsStringAsync(), csv);
        Assert.Equal(id, Assert.Single(Csv.Records(csv))["id"]);
    }

    [Fact]
    public async Task Bad_parameters_get_the_api_s_400_problem_details()
    {
        using var admin = AdminHttp.NewClient(Stack);
        await AdminHttp.SignInAsync(admin, AimoStack.Alice);
        using var api = Stack.CreateOperatorClient();

        using var fromAdmin = await admin.GetAsync("/export/batches?format=xlsx&tier=Z");
        using var fromApi = await api.GetAsync("/api/export/batches?format=xlsx&tier=Z");

        Assert.Equal(HttpStatusCode.BadRequest, fromAdmin.StatusCode);
        Assert.Equal("application/problem+json", fromAdmin.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await fromAdmin.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["format", "tier"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(
            JsonDocument.Parse(await fromApi.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").ToString(),
            errors.ToString());
    }
}
