using Aimo.Core;
using Aimo.Data;
using Aimo.MigrationService;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDbContext<AimoDbContext>(ResourceNames.Database,
    configureDbContextOptions: options => AimoDbContextOptions.Configure(options));
builder.Services.AddHostedService<MigrationWorker>();

builder.Build().Run();
