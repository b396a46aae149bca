using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Aimo.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AimoDbContext>
{
    public AimoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AimoDbContext>();
        AimoDbContextOptions.Configure(options.UseNpgsql("Host=localhost;Database=aimodb"));
        return new AimoDbContext(options.Options);
    }
}
