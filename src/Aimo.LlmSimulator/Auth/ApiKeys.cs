using Microsoft.Extensions.Options;

namespace Aimo.LlmSimulator.Auth;

/// <summary>
/// The bearer keys accepted now: from <c>Simulator:ApiKeys</c> at start, replaced by <c>PUT /sim/auth</c> (so a
/// test can revoke the key a running worker uses, then restore it) and restored by <c>POST /sim/reset</c>.
/// An empty list accepts any non-empty key.
/// </summary>
public sealed class ApiKeys(IOptions<SimulatorOptions> options)
{
    private volatile IReadOnlyList<string> _accepted = [.. options.Value.ApiKeys];

    public IReadOnlyList<string> Accepted => _accepted;

    public bool Accepts(string key)
    {
        var accepted = _accepted;
        return accepted.Count == 0 || accepted.Contains(key, StringComparer.Ordinal);
    }

    public void Set(IEnumerable<string> keys) => _accepted = [.. keys];

    public void Reset() => _accepted = [.. options.Value.ApiKeys];
}
