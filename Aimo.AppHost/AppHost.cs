using Aimo.AppHost;
using Aimo.AppHost.Infrastructure;
using Aimo.Core;
using Microsoft.Extensions.Configuration;

ShutdownSignals.HonourInterrupt();

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddAimoInfrastructure();

// Each a comma-separated list, so a key is rotated with the old and the new one valid at once.
var ingestApiKeys = builder.AddParameter(ResourceNames.IngestApiKey, secret: true);
var operatorApiKeys = builder.AddParameter(ResourceNames.OperatorApiKey, secret: true);

var migrations = builder.AddProject<Projects.Aimo_MigrationService>(ResourceNames.Migrations)
    .WithReference(infrastructure.Database)
    .WaitFor(infrastructure.Database);

builder.AddProject<Projects.Aimo_Ingest_Api>(ResourceNames.Ingest)
    .WithAimoData(infrastructure, migrations)
    .WithEnvironment("ApiKeys__Ingest", ingestApiKeys)
    .WithEnvironment("ApiKeys__Operator", operatorApiKeys)
    .WithResultsWebhook()
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.Aimo_Worker>(ResourceNames.Worker)
    .WithAimoData(infrastructure, migrations)
    .WithLlm(builder)
    .WithReplicas(builder.Configuration.GetValue("Aimo:WorkerReplicas", 1));

builder.AddProject<Projects.Aimo_Admin>(ResourceNames.Admin)
    .WithAimoData(infrastructure, migrations)
    .WithOperatorSignIn()
    .WithKeyRingCertificate(() => AimoInfrastructureExtensions.LocalState(builder))
    .WithBudgetAlertWebhook()
    .WithExternalHttpEndpoints();

builder.Build().Run();
