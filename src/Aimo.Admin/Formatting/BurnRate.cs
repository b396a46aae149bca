namespace Aimo.Admin.Formatting;

/// <summary>When, at today's average spend rate, the soft limit will be reached.</summary>
public sealed record SoftLimitProjection(ProjectionKind Kind, DateTimeOffset? At = null, decimal UsdPerHour = 0);

public enum ProjectionKind
{
    /// <summary>Nothing spent yet today: no rate to project from.</summary>
    NoSpend,
    /// <summary>Committed spend is already at or past the soft limit.</summary>
    AlreadyReached,
    /// <summary>The soft limit will be reached at <see cref="SoftLimitProjection.At"/>, before the day resets.</summary>
    Reached,
    /// <summary>At this rate the day resets before the soft limit is reached.</summary>
    NotToday,
}

public static class BurnRate
{
    /// <param name="committedUsd">Spent + reserved.</param>
    /// <param name="dayStart">When the budget day began.</param>
    /// <param name="dayEnd">When the next budget day begins.</param>
    public static SoftLimitProjection Project(decimal committedUsd, decimal softLimitUsd, DateTimeOffset dayStart, DateTimeOffset dayEnd, DateTimeOffset now)
    {
        if (committedUsd >= softLimitUsd) return new SoftLimitProjection(ProjectionKind.AlreadyReached);
        var elapsedHours = (decimal)(now - dayStart).TotalHours;
        if (committedUsd <= 0 || elapsedHours <= 0) return new SoftLimitProjection(ProjectionKind.NoSpend);
        // A minute's floor keeps the first seconds of a day from projecting an absurd rate.
        var perHour = committedUsd / Math.Max(elapsedHours, 1m / 60);
        var at = now + TimeSpan.FromHours((double)((softLimitUsd - committedUsd) / perHour));
        return at < dayEnd
            ? new SoftLimitProjection(ProjectionKind.Reached, at, perHour)
            : new SoftLimitProjection(ProjectionKind.NotToday, null, perHour);
    }

    public static string Describe(SoftLimitProjection p, DateTimeOffset now) => p.Kind switch
    {
        ProjectionKind.NoSpend => "No spend yet today",
        ProjectionKind.AlreadyReached => "Soft limit reached — tier C waits until the day resets",
        ProjectionKind.Reached => $"Soft limit in {Fmt.Duration(p.At!.Value - now)} at {Fmt.Usd(p.UsdPerHour)}/h",
        _ => $"Soft limit not reached today at {Fmt.Usd(p.UsdPerHour)}/h",
    };
}
