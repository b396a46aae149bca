using Aimo.Core;
using Aimo.Data.Budget;
using Aimo.Data.Export;
using Aimo.Data.Live;
using Aimo.Data.Llm;
using Aimo.Data.Operations;
using Aimo.Data.Queries;
using Aimo.Data.Queue;
using Aimo.Data.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Aimo.Data;

public static class AimoDataExtensions
{
    /// <summary>
    /// Registers Redis (<c>redis</c>), an <see cref="IDbContextFactory{AimoDbContext}"/> for <c>aimodb</c> (which also
    /// makes <see cref="AimoDbContext"/> injectable per scope) with Aspire's retries, health check and telemetry,
    /// and the shared queries and operations. Ingest and admin call this one method.
    /// </summary>
    public static IHostApplicationBuilder AddAimoData(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Redis);
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Database);
        builder.Services.AddDbContextFactory<AimoDbContext>(options =>
            AimoDbContextOptions.Configure(options.UseNpgsql(connectionString)));
        builder.EnrichNpgsqlDbContext<AimoDbContext>();
        builder.Services.AddAimoQueries();
        return builder;
    }

    /// <summary>The shared queries and operations alone (needs Redis and the context factory registered).</summary>
    public static IServiceCollection AddAimoQueries(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SignatureQueue>();
        services.TryAddSingleton<BatchQueries>();
        services.TryAddSingleton<BatchJobQueries>();
        services.TryAddSingleton<Queries.Dashboard.CostQueries>();
        services.TryAddSingleton<ReviewQueries>();
        services.TryAddSingleton<SignatureQueries>();
        services.TryAddSingleton<BudgetSettingsStore>();
        services.TryAddSingleton<BudgetLedger>();
        services.TryAddSingleton<BudgetQueries>();
        services.TryAddSingleton<RateLimitLedger>();
        services.TryAddSingleton<LlmStatusQueries>();
        services.TryAddSingleton<ChangeFeed>();
        services.TryAddSingleton<ExportWriter>();
        services.TryAddSingleton<ReviewActions>();
        services.TryAddSingleton<SettingsCommands>();
        services.TryAddSingleton<ResultFeed>();
        return services;
    }
}
