using Aimo.Core.Classification;
using Aimo.Core.Validation;

namespace Aimo.Core.Tests.Security;

public sealed class SteeringCheckTests
{
    private static ClassificationResult Result(string id, string service, RiskLevel risk = RiskLevel.Low, Category category = Category.Cdn) =>
        new(id, service, category, risk, 0.99, "test");

    [Fact]
    public void Most_answers_sharing_one_verdict_across_unrelated_hosts_look_steered()
    {
        var hosts = new Dictionary<string, string>
        {
            ["a"] = "api.openai.com", ["b"] = "files.dropbox.com", ["c"] = "evil.example.net", ["d"] = "api.github.com", ["e"] = "slack.com",
        };
        var results = hosts.Keys.ToDictionary(id => id, id => id == "e" ? Result(id, "Slack", RiskLevel.Medium, Category.Collaboration) : Result(id, "Microsoft Update"));
        Assert.Equal(["a", "b", "c", "d"], SteeringCheck.Steered(hosts, results).Order());
    }

    [Fact]
    public void One_companys_hosts_sharing_a_verdict_are_honest()
    {
        var hosts = Enumerable.Range(0, 6).ToDictionary(i => $"g{i}", i => $"svc{i}.googleapis.com");
        var results = hosts.Keys.ToDictionary(id => id, id => Result(id, "Google APIs"));
        Assert.Empty(SteeringCheck.Steered(hosts, results));
    }

    [Fact]
    public void Unknown_services_and_small_batches_are_not_judged()
    {
        var hosts = Enumerable.Range(0, 6).ToDictionary(i => $"u{i}", i => $"site{i}.example{i}.org");
        Assert.Empty(SteeringCheck.Steered(hosts, hosts.Keys.ToDictionary(id => id, id => Result(id, "unknown", RiskLevel.Medium, Category.Other))));
        var three = hosts.Take(3).ToDictionary();
        Assert.Empty(SteeringCheck.Steered(three, three.Keys.ToDictionary(id => id, id => Result(id, "Microsoft Update"))));
    }

    [Fact]
    public void Answers_steered_up_to_high_risk_launder_nothing_and_are_left_alone()
    {
        var hosts = Enumerable.Range(0, 5).ToDictionary(i => $"h{i}", i => $"198.51.100.{i}");
        var results = hosts.Keys.ToDictionary(id => id, id => Result(id, "Direct-to-IP endpoint", RiskLevel.High, Category.MalwareC2));
        Assert.Empty(SteeringCheck.Steered(hosts, results));
        var named = Enumerable.Range(0, 5).ToDictionary(i => $"n{i}", i => $"x{i}.site{i}.example");
        Assert.Empty(SteeringCheck.Steered(named, named.Keys.ToDictionary(id => id, id => Result(id, "Evil", RiskLevel.Critical, Category.MalwareC2))));
    }

    [Fact]
    public void Internal_hosts_count_as_one_domain()
    {
        var hosts = new Dictionary<string, string> { ["a"] = "wiki", ["b"] = "jira.corp", ["c"] = "build.internal", ["d"] = "10.0.0.5", ["e"] = "git.local" };
        Assert.Empty(SteeringCheck.Steered(hosts, hosts.Keys.ToDictionary(id => id, id => Result(id, "Internal service", RiskLevel.Low, Category.Internal))));
    }

    [Theory]
    [InlineData("api.openai.com", "openai.com")]
    [InlineData("10.1.2.3", "ip")]
    [InlineData("intranet", "internal")]
    [InlineData("www.bbc.co.uk", "bbc.co.uk")]
    [InlineData("localhost", "internal")]
    [InlineData("cdn.example.com.", "example.com")]
    public void Registrable_domains(string host, string expected) => Assert.Equal(expected, SteeringCheck.RegistrableDomain(host));
}
