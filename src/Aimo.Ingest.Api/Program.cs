using Aimo.Ingest.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseIngestPipeline();
app.MapDefaultEndpoints();
app.MapIngestApi();

app.Run();
