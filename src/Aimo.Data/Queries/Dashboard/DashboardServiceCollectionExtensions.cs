using Microsoft.Extensions.DependencyInjection;

namespace Aimo.Data.Queries.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>Registers the read-only dashboard queries; they need an <c>IDbContextFactory&lt;AimoDbContext&gt;</c>.</summary>
    public static IServiceCollection AddDashboardQueries(this IServiceCollection services)
    {
        services.AddSingleton<OverviewQueries>();
        services.AddSingleton<BatchGridQueries>();
        services.AddSingleton<BatchChartQueries>();
        services.AddSingleton<SignatureSearchQueries>();
        services.AddSingleton<ReviewGridQueries>();
        return services;
    }
}
