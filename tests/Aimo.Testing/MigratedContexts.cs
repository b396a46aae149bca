using Aimo.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Aimo.Testing;

/// <summary>AIMO's context factory over a test PostgreSQL, with the schema migrated: what every database fixture starts from.</summary>
public static class MigratedContexts
{
    public static async Task<IDbContextFactory<AimoDbContext>> CreateAsync(string connectionString, params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<AimoDbContext>();
        AimoDbContextOptions.Configure(options.UseNpgsql(connectionString)).AddInterceptors(interceptors);
        var contexts = new PooledDbContextFactory<AimoDbContext>(options.Options);
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return contexts;
    }
}
