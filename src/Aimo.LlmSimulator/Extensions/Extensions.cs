using System.Text.Json;
using System.Text.Json.Serialization;
using Aimo.LlmSimulator.Faults;
using Aimo.LlmSimulator.OpenAi;

namespace Aimo.LlmSimulator.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<FaultProfile>()
            .BindConfiguration(FaultProfile.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddProblemDetails();
        // The /sim API speaks the same fault names as configuration and stats: http500, invalid_json, ...
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));

        services.AddSingleton(TimeProvider.System);
        // Built now, not on first use: loading the o200k vocabulary takes long enough to trip a short client timeout.
        services.AddSingleton(new TokenCounter());
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<SimulatorStats>();
        services.AddSingleton<ChatCompletionSimulator>();
        return builder;
    }
}
