using Aimo.Core.Signatures;
using Xunit.Abstractions;

namespace Aimo.Core.Tests.Security;

/// <summary>
/// The detector's catch rate on injections written after published patterns and its false-positive rate on ordinary
/// proxy traffic (<see cref="InjectionCorpus"/>), printed for the samples it was tuned on, for those written afterwards
/// (held out) and for all of them, so the README's figures can be checked. The floors (on all samples) keep a change to
/// the detector from trading one rate for the other unnoticed.
/// </summary>
public sealed class InjectionDetectorRatesTests(ITestOutputHelper output)
{
    private const double MinCatchRate = 0.90;
    private const double MaxFalsePositiveRate = 0.01;

    [Fact]
    public void The_detector_quarantines_most_injections_and_almost_no_ordinary_traffic()
    {
        Rates("tuned on", InjectionCorpus.Hostile, InjectionCorpus.Benign);
        Rates("held out", InjectionCorpus.HostileHeldOut, InjectionCorpus.BenignHeldOut);
        var (catchRate, falsePositiveRate) = Rates("all", [.. InjectionCorpus.Hostile, .. InjectionCorpus.HostileHeldOut],
            [.. InjectionCorpus.Benign, .. InjectionCorpus.BenignHeldOut], details: true);

        Assert.True(InjectionCorpus.Hostile.Count >= 30 && InjectionCorpus.Benign.Count >= 300, "the corpus lost samples");
        Assert.True(catchRate >= MinCatchRate, $"catch rate {catchRate:P1} is below {MinCatchRate:P0}");
        Assert.True(falsePositiveRate <= MaxFalsePositiveRate, $"false-positive rate {falsePositiveRate:P1} is above {MaxFalsePositiveRate:P0}");
    }

    private (double CatchRate, double FalsePositiveRate) Rates(string name, IReadOnlyList<Signature> hostile, IReadOnlyList<Signature> benign, bool details = false)
    {
        var missed = hostile.Where(s => !InjectionDetector.Inspect(s).Suspected).ToList();
        var flagged = benign.Where(s => InjectionDetector.Inspect(s).Suspected).ToList();
        var catchRate = 1 - (double)missed.Count / hostile.Count;
        var falsePositiveRate = (double)flagged.Count / benign.Count;
        Report($"Injection detector, {name}: caught {hostile.Count - missed.Count} of {hostile.Count} hostile samples (catch rate {catchRate:P1}); "
            + $"quarantined {flagged.Count} of {benign.Count} benign samples (false-positive rate {falsePositiveRate:P1}).");
        if (details)
        {
            missed.ForEach(s => Report($"  missed {Describe(s)}"));
            flagged.ForEach(s => Report($"  false positive {Describe(s)}"));
        }
        return (catchRate, falsePositiveRate);
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private static string Describe(Signature signature)
    {
        var verdict = InjectionDetector.Inspect(signature);
        var sample = string.Join(" | ", signature.Samples);
        return $"{signature.Id} (score {verdict.Score}: {string.Join(", ", verdict.Signals)}): {signature.Host} {(sample.Length > 140 ? sample[..140] + "…" : sample)}";
    }
}
