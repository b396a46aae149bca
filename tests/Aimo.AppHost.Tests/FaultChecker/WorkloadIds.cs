namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// How a schedule's signature indices become ids, hosts and bodies under one run tag: the schedule is a pure function
/// of its seed, the tag makes its ids new on a stack that already ran other schedules.
/// </summary>
public sealed record WorkloadIds(string Tag)
{
    public static WorkloadIds New() => new(Guid.NewGuid().ToString("N")[..8]);

    public string Prefix => $"fc-{Tag}-";

    public string Id(int index) => $"{Prefix}{index}";

    /// <summary>Unique per index: a forced fault matched on it hits only this signature's batch ("h1." is not in "h11.").</summary>
    public string Host(int index) => $"h{index}.{Tag}.example.com";

    public object Body(SignatureSpec s) => new
    {
        id = Id(s.Index),
        tier = s.Tier.ToString(),
        method = "GET",
        host = Host(s.Index),
        pathTemplate = "/v1/items/{id}",
        samples = new[] { $"GET /v1/items/{s.Index}?rev={s.Revision}" },
    };
}
