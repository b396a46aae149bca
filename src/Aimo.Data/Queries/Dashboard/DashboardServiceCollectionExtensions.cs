using Aimo.Data.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Aimo.Data.Queries.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>Registers the read-only dashboard queries; they need an <c>IDbContextFactory&lt;AimoDbContext&gt;</c> and Redis.</summary>
    public static IServiceCollection AddDashboardQueries(this IServiceCollection services)
    {
        services.AddSingleton<OverviewQueries>();
        services.AddSingleton<BatchGridQueries>();
        services.AddSingleton<BatchChartQueries>();
        services.AddSingleton<ThroughputQueries>();
        services.AddSingleton<SignatureSearchQueries>();
        services.AddSingleton<ReviewGridQueries>();
        services.AddSingleton<BudgetAlertLog>();
        return services;
    }
}
