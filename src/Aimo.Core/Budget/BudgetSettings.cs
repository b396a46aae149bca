namespace Aimo.Core.Budget;

/// <summary>
/// The operator's budget settings (stored in PostgreSQL, changed in the admin UI or <c>PUT /api/budget</c>) and the
/// one place their defaults live.
/// </summary>
/// <param name="DailyBudgetUsd">The daily budget.</param>
/// <param name="SoftLimitFraction">Fraction of the budget past which tier C waits.</param>
/// <param name="TimeZone">IANA zone of the budget day (in effect from <paramref name="ZoneChangeAt"/>, if set).</param>
/// <param name="PreviousTimeZone">The zone the last change replaced.</param>
/// <param name="ZoneChangeAt">When the last zone change takes effect: the next midnight of the replaced zone.</param>
public sealed record BudgetSettings(
    decimal DailyBudgetUsd, decimal SoftLimitFraction, string TimeZone,
    string? PreviousTimeZone = null, DateTimeOffset? ZoneChangeAt = null)
{
    public const decimal DefaultDailyBudgetUsd = 5m;
    public const decimal DefaultSoftLimitFraction = 0.9m;
    public const string DefaultTimeZone = "UTC";

    public static BudgetSettings Default { get; } = new(DefaultDailyBudgetUsd, DefaultSoftLimitFraction, DefaultTimeZone);

    public BudgetLimits Limits => BudgetLimits.From(DailyBudgetUsd, SoftLimitFraction);

    /// <exception cref="ArgumentException">A stored time zone is unknown on this machine.</exception>
    public BudgetClock Clock(TimeProvider time) => new(time, TimeZone, PreviousTimeZone, ZoneChangeAt);

    /// <summary>
    /// These settings with the budget day in <paramref name="zone"/>. The change takes effect at the next midnight
    /// of the zone in effect now, so today's spend is never reset; a change made while another one is still
    /// pending replaces it. Null when a change is taking effect today (the transition day): change it again tomorrow.
    /// </summary>
    public BudgetSettings? WithTimeZone(string zone, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        zone = zone.Trim();
        var clock = Clock(time);
        var now = time.GetUtcNow();
        if (ZoneChangeAt is { } at && now < at)
        {
            // The pending change has not begun: replace it, or cancel it by choosing the zone in effect.
            return string.Equals(zone, PreviousTimeZone, StringComparison.Ordinal)
                ? this with { TimeZone = zone, PreviousTimeZone = null, ZoneChangeAt = null }
                : this with { TimeZone = zone };
        }
        if (string.Equals(zone, TimeZone, StringComparison.Ordinal))
        {
            return this;
        }
        if (ZoneChangeAt is { } began && PreviousTimeZone is not null && clock.Today == clock.DayOf(began))
        {
            return null;
        }
        return this with { PreviousTimeZone = TimeZone, TimeZone = zone, ZoneChangeAt = clock.NextDayStartsAt };
    }
}
