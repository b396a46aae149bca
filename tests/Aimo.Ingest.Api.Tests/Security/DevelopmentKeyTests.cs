using Aimo.Ingest.Api.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Aimo.Ingest.Api.Tests.Security;

/// <summary>The keys from the AppHost's appsettings.Development.json open the API only in Development.</summary>
public sealed class DevelopmentKeyTests
{
    private const string DevIngestKey = "dev-ingest-key-change-me";
    private const string DevOperatorKey = "dev-operator-key-change-me";

    private static ApiKeyOptions Resolve(string environment, string ingest, string @operator)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddOptions<ApiKeyOptions>().Configure(o => (o.Ingest, o.Operator) = (ingest, @operator));
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        return services.BuildServiceProvider().GetRequiredService<IOptions<ApiKeyOptions>>().Value;
    }

    [Theory]
    [InlineData(DevIngestKey, "a-real-operator-key-0001", "ApiKeys:Ingest")]
    [InlineData("a-real-ingest-key-00001", "a-real-operator-key-0001," + DevOperatorKey, "ApiKeys:Operator")]
    public void A_development_key_stops_the_service_outside_development(string ingest, string @operator, string setting)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(Environments.Production, ingest, @operator));

        Assert.Contains($"{setting} holds the development key", error.Message);
    }

    [Fact]
    public void Real_keys_start_in_production_and_the_development_keys_in_development()
    {
        Assert.NotNull(Resolve(Environments.Production, "a-real-ingest-key-00001", "a-real-operator-key-0001"));
        Assert.NotNull(Resolve(Environments.Development, DevIngestKey, DevOperatorKey));
    }
}
