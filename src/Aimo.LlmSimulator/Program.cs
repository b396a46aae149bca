using Aimo.LlmSimulator.Apis;
using Aimo.LlmSimulator.Billing;
using Aimo.LlmSimulator.Dialects;
using Aimo.LlmSimulator.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseOpenAiRequestIds();
app.UseAzureDialect();
// After the dialect's front door, so its routes are matched as the OpenAI routes they were rewritten to.
app.UseRouting();
app.UseCallLedger();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenAiApi();
app.MapSimulatorApi();
app.MapBatchSimulatorApi();

app.Run();

// Public so tests can host the simulator with WebApplicationFactory<Program>.
public partial class Program;
