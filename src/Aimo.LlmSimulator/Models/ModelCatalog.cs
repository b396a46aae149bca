using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Models;

/// <summary>The models served, looked up by exact name as the real API does (model ids are case-sensitive).</summary>
public sealed class ModelCatalog(IOptions<SimulatorOptions> options)
{
    private readonly Dictionary<string, SimulatedModel> _byName =
        options.Value.ServedModels.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public IReadOnlyList<SimulatedModel> All { get; } = options.Value.ServedModels;

    public SimulatedModel? Find(string? name) => name is not null && _byName.TryGetValue(name, out var model) ? model : null;
}
