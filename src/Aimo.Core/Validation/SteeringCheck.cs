using Aimo.Core.Classification;

namespace Aimo.Core.Validation;

/// <summary>
/// Whether a batch's answers look steered: a hostile sample that got past the detector can make a weak model give every
/// batch-mate the same verdict — low risk, to launder them. Unrelated sites rarely share one service, category and risk,
/// so when most answers of a batch do, at low or medium risk, although their hosts belong to several registrable
/// domains, those answers are not trusted (they go to review). Left out: "unknown" services (many obscure hosts honestly
/// share that answer), high and critical verdicts (steering a batch up launders nothing), and internal hosts and IP
/// addresses, which count as one domain each.
/// </summary>
public static class SteeringCheck
{
    /// <summary>Smaller batches are not judged: a few identical answers prove nothing.</summary>
    public const int MinAnswers = 4;

    /// <summary>The share of a batch's answers one verdict must cover to look steered.</summary>
    public const double MinShare = 0.75;

    /// <summary>The registrable domains those answers must span (one company's hosts share a verdict honestly).</summary>
    public const int MinDomains = 3;

    /// <summary>The ids whose answers look steered; empty when the batch looks honest.</summary>
    public static IReadOnlyList<string> Steered(IReadOnlyDictionary<string, string> hostsById, IReadOnlyDictionary<string, ClassificationResult> results)
    {
        ArgumentNullException.ThrowIfNull(hostsById);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count < MinAnswers)
        {
            return [];
        }
        var largest = results.Values
            .Where(r => r.Risk is RiskLevel.Low or RiskLevel.Medium && !string.Equals(r.Service, "unknown", StringComparison.OrdinalIgnoreCase))
            .GroupBy(r => (Service: r.Service.Trim().ToLowerInvariant(), r.Category, r.Risk))
            .MaxBy(g => g.Count());
        if (largest is null || largest.Count() < MinShare * results.Count)
        {
            return [];
        }
        var domains = largest.Select(r => RegistrableDomain(hostsById.GetValueOrDefault(r.Id, ""))).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        return domains >= MinDomains ? [.. largest.Select(r => r.Id)] : [];
    }

    /// <summary>
    /// The host's last two labels, or three under a two-letter country code with a short second level (co.uk, com.au);
    /// every IP address is "ip", every internal name (no dot, .local, .internal, .corp, .lan, .home.arpa) is "internal".
    /// </summary>
    public static string RegistrableDomain(string host)
    {
        var name = host.Trim().TrimEnd('.').Trim('[', ']');
        if (System.Net.IPAddress.TryParse(name, out _))
        {
            return "ip";
        }
        var labels = name.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length <= 1 || labels[^1] is "local" or "internal" or "corp" or "lan" or "intranet" || name.EndsWith(".home.arpa", StringComparison.OrdinalIgnoreCase))
        {
            return "internal";
        }
        if (labels.Length == 2)
        {
            return string.Join('.', labels);
        }
        var take = labels[^1].Length == 2 && labels[^2].Length <= 3 ? 3 : 2;
        return string.Join('.', labels[^take..]);
    }
}
