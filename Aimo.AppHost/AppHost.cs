using Aimo.AppHost;
using Aimo.AppHost.Infrastructure;
using Aimo.Core;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddAimoInfrastructure();
var redis = infrastructure.Redis;
var database = infrastructure.Database;

var ingestApiKey = builder.AddParameter(ResourceNames.IngestApiKey, secret: true);
var adminPassword = builder.AddParameter(ResourceNames.AdminPassword, secret: true);

var migrations = builder.AddProject<Projects.Aimo_MigrationService>(ResourceNames.Migrations)
    .WithReference(database)
    .WaitFor(database);

builder.AddProject<Projects.Aimo_Ingest_Api>(ResourceNames.Ingest)
    .WithReference(redis).WaitFor(redis)
    .WithReference(database).WaitForCompletion(migrations)
    .WithEnvironment("Ingest__ApiKey", ingestApiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Aimo_Worker>(ResourceNames.Worker)
    .WithReference(redis).WaitFor(redis)
    .WithReference(database).WaitForCompletion(migrations)
    .WithLlm(builder)
    .WithReplicas(builder.Configuration.GetValue("Aimo:WorkerReplicas", 1))
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Aimo_Admin>(ResourceNames.Admin)
    .WithReference(redis).WaitFor(redis)
    .WithReference(database).WaitForCompletion(migrations)
    .WithEnvironment("Admin__Password", adminPassword)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
