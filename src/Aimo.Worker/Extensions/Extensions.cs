using Aimo.Core;
using Aimo.Data;
using Aimo.Worker.Llm;

namespace Aimo.Worker.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddNpgsqlDbContext<AimoDbContext>(ResourceNames.Database,
            configureDbContextOptions: options => AimoDbContextOptions.Configure(options));
        builder.AddLlmClient();
    }
}
