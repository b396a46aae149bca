using System.Security.Claims;
using Aimo.Admin.Account;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Tests.Account;

public sealed class OperatorDirectoryTests
{
    private static readonly string AliceHash = OperatorDirectory.Hash("alice-password-1");
    private static readonly string BobHash = OperatorDirectory.Hash("bob-password-22");

    private static OperatorDirectory Directory(string operators, OidcOptions? oidc = null) =>
        new(Options.Create(new AdminOptions { Operators = operators, Oidc = oidc ?? new OidcOptions() }));

    [Fact]
    public void Entries_may_be_separated_by_commas_semicolons_or_new_lines()
    {
        var accounts = OperatorDirectory.Parse($"alice:{AliceHash},\n bob:{BobHash}; ", []);

        Assert.Equal(["alice", "bob"], accounts.Select(a => a.Name));
    }

    [Theory]
    [InlineData("alice", "does not start with a valid name")]
    [InlineData("al!ce:x", "does not start with a valid name")]
    [InlineData("alice:not-a-hash", "'alice' is not a PasswordHasher v3 hash")]
    [InlineData("alice:AQAAAA==", "'alice' is not a PasswordHasher v3 hash")]
    public void A_bad_entry_is_reported_by_name_and_never_echoes_the_hash(string entry, string message)
    {
        var errors = new List<string>();
        OperatorDirectory.Parse(entry, errors);

        var error = Assert.Single(errors);
        Assert.Contains(message, error);
        Assert.DoesNotContain("not-a-hash", error);
    }

    [Fact]
    public void The_same_name_twice_is_an_error_whatever_its_case()
    {
        var errors = new List<string>();
        OperatorDirectory.Parse($"alice:{AliceHash},ALICE:{BobHash}", errors);

        Assert.Contains("listed twice", Assert.Single(errors));
    }

    [Fact]
    public void Only_the_right_password_of_a_listed_operator_verifies()
    {
        var directory = Directory($"alice:{AliceHash},bob:{BobHash}");

        Assert.Equal("alice", directory.Verify("alice", "alice-password-1")?.Name);
        Assert.Equal("alice", directory.Verify(" ALICE ", "alice-password-1")?.Name);
        Assert.Null(directory.Verify("alice", "bob-password-22"));
        Assert.Null(directory.Verify("alice", ""));
        Assert.Null(directory.Verify("carol", "alice-password-1"));
        Assert.Null(directory.Verify(null, null));
    }

    [Fact]
    public void A_sign_in_stands_until_the_password_hash_changes_or_the_account_goes()
    {
        var before = Directory($"alice:{AliceHash},bob:{BobHash}");
        var alice = Principal(before.Verify("alice", "alice-password-1")!);
        var bob = Principal(before.Verify("bob", "bob-password-22")!);
        Assert.True(before.IsCurrent(alice));

        var newAliceHash = OperatorDirectory.Hash("alice-password-1"); // same password, new salt: a new hash all the same
        var changed = Directory($"alice:{newAliceHash},bob:{BobHash}");
        Assert.False(changed.IsCurrent(alice));
        Assert.True(changed.IsCurrent(bob));

        Assert.False(Directory($"bob:{BobHash}").IsCurrent(alice));
        // A cookie of the single-account days carries no stamp at all.
        Assert.False(before.IsCurrent(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "Cookies"))));
    }

    [Fact]
    public void An_oidc_sign_in_stands_while_its_subject_is_listed_under_the_same_name_and_oidc_is_configured()
    {
        const string Dana = "https://login.example.com/t/v2.0|subject-dana";
        var oidc = new OidcOptions { Authority = "https://login.example.com/t/v2.0", ClientId = "c", Operators = $"dana={Dana}, erin=email:erin@example.com" };
        var dana = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "dana"), new Claim(OperatorClaims.Method, OperatorClaims.Oidc), new Claim(OperatorClaims.Subject, Dana)], "Cookies"));

        Assert.True(Directory("", oidc).IsCurrent(dana));
        Assert.False(Directory("", new OidcOptions { Authority = oidc.Authority, ClientId = "c", Operators = "erin=email:erin@example.com" }).IsCurrent(dana));
        // The subject now listed under another name: the cookie's name would be a lie in the audit log.
        Assert.False(Directory("", new OidcOptions { Authority = oidc.Authority, ClientId = "c", Operators = $"dora={Dana}" }).IsCurrent(dana));
        Assert.False(Directory($"alice:{AliceHash}").IsCurrent(dana));
    }

    private static ClaimsPrincipal Principal(OperatorAccount account) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, account.Name),
        new Claim(OperatorClaims.Method, OperatorClaims.Password),
        new Claim(OperatorClaims.Stamp, account.Stamp),
    ], "Cookies"));
}
