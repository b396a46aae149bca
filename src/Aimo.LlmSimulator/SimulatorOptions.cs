using System.ComponentModel.DataAnnotations;
using Aimo.Core.Pricing;

namespace Aimo.LlmSimulator;

/// <summary>General simulator settings (section <c>Simulator</c>); fault settings live in <see cref="Faults.FaultProfile"/>.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>The model id listed by <c>/v1/models</c> and reported when a request names none.</summary>
    [Required, MinLength(1)]
    public string Model { get; set; } = PricingOptions.SimulatorModel;
}
