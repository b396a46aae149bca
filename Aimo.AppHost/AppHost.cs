using Aimo.AppHost;
using Aimo.AppHost.Infrastructure;
using Aimo.Core;
using Microsoft.Extensions.Configuration;

ShutdownSignals.HonourInterrupt();

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddAimoInfrastructure();

var ingestApiKey = builder.AddParameter(ResourceNames.IngestApiKey, secret: true);
var adminPassword = builder.AddParameter(ResourceNames.AdminPassword, secret: true);

var migrations = builder.AddProject<Projects.Aimo_MigrationService>(ResourceNames.Migrations)
    .WithReference(infrastructure.Database)
    .WaitFor(infrastructure.Database);

builder.AddProject<Projects.Aimo_Ingest_Api>(ResourceNames.Ingest)
    .WithAimoData(infrastructure, migrations)
    .WithEnvironment("Ingest__ApiKey", ingestApiKey)
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.Aimo_Worker>(ResourceNames.Worker)
    .WithAimoData(infrastructure, migrations)
    .WithLlm(builder)
    .WithReplicas(builder.Configuration.GetValue("Aimo:WorkerReplicas", 1));

builder.AddProject<Projects.Aimo_Admin>(ResourceNames.Admin)
    .WithAimoData(infrastructure, migrations)
    .WithEnvironment("Admin__Password", adminPassword)
    .WithExternalHttpEndpoints();

builder.Build().Run();
