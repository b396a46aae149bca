using Microsoft.EntityFrameworkCore;

namespace Aimo.Data;

/// <summary>The options every AIMO service applies to <see cref="AimoDbContext"/>, so the model is the same everywhere.</summary>
public static class AimoDbContextOptions
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention();
}
