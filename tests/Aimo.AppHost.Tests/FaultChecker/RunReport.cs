using System.Text;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>A run's totals, and for a failing run the message: seeds, schedules, and the first violations of each kind.</summary>
public static class RunReport
{
    public const int PerKind = 20;

    public static string Figures(IReadOnlyList<ScheduleOutcome> outcomes)
    {
        var faults = outcomes.SelectMany(o => o.Figures.Faults).GroupBy(f => f.Key).Select(g => $"{g.Key}×{g.Sum(f => f.Value)}");
        var violations = outcomes.SelectMany(o => o.Violations).GroupBy(v => v.Kind).Select(g => $"{g.Key}×{g.Count()}").ToList();
        return $"{outcomes.Count} schedules, {outcomes.Sum(o => o.Figures.NewIds)} signatures, " +
            $"{outcomes.Sum(o => o.Figures.AcceptedVersions)} versions accepted, {outcomes.Sum(o => o.Figures.Requests)} ingest requests, " +
            $"{outcomes.Sum(o => o.Figures.Polls)} polls; faults injected: {string.Join(", ", faults)}; " +
            $"violations: {(violations.Count == 0 ? "none" : string.Join(", ", violations))}; " +
            $"stack problems: {outcomes.Sum(o => o.Problems.Count)}";
    }

    public static string Failure(IReadOnlyList<ScheduleOutcome> outcomes, string replay)
    {
        var text = new StringBuilder();
        foreach (var outcome in outcomes.Where(o => o.Violations.Count > 0 || o.Problems.Count > 0))
        {
            text.AppendLine($"=== seed {outcome.Schedule.Seed} — replay: {replay.Replace("{seed}", outcome.Schedule.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}");
            text.Append(outcome.Schedule.Describe());
            text.AppendLine($"    {outcome.Figures}");
            foreach (var problem in outcome.Problems)
            {
                text.AppendLine($"    STACK PROBLEM: {problem}");
            }
            foreach (var kind in outcome.Violations.GroupBy(v => v.Kind))
            {
                text.AppendLine($"    {kind.Key} ({kind.Count()}):");
                foreach (var violation in kind.Take(PerKind))
                {
                    text.AppendLine($"      {violation.Detail}");
                }
            }
        }
        text.AppendLine(Figures(outcomes));
        return text.ToString();
    }
}
