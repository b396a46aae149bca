using System.Security.Claims;
using Aimo.Admin.Account;

namespace Aimo.Admin.Tests.Account;

/// <summary>The <c>admin-oidc-operators</c> list: names for provider subjects, and which subjects a token vouches for.</summary>
public sealed class OidcOperatorTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string Object = "0b5e3f1c-2a7d-4c1e-9f3b-6d8a1e2c4b5a";

    [Fact]
    public void Each_form_of_subject_is_read_into_the_form_a_token_is_matched_in()
    {
        var errors = new List<string>();
        var operators = OidcOperator.Parse(
            $"dana=https://idp.example/v2.0|AbC-123,\n erin={Tenant.ToUpperInvariant()}:{Object}; frank=email:Frank@Example.com", errors);

        Assert.Empty(errors);
        Assert.Equal(
            [new("dana", "https://idp.example/v2.0|AbC-123"), new("erin", $"{Tenant}:{Object}"), new OidcOperator("frank", "email:frank@example.com")],
            operators);
    }

    [Theory]
    [InlineData("dana@example.com", "'dana@example.com' is not name=subject")]
    [InlineData("dana=dana@example.com", "The subject of OIDC operator 'dana' is none of")]
    [InlineData("dana=https://idp.example/v2.0|", "The subject of OIDC operator 'dana' is none of")]
    [InlineData("dana=not-a-guid:0b5e3f1c-2a7d-4c1e-9f3b-6d8a1e2c4b5a", "The subject of OIDC operator 'dana' is none of")]
    [InlineData("dana=email:", "The subject of OIDC operator 'dana' is none of")]
    [InlineData("d!na=email:d@example.com", "'d!na=email:d@example.com' is not name=subject")]
    [InlineData("dana=email:d@example.com,erin=email:D@example.com", "'email:d@example.com' is listed twice")]
    public void A_bad_entry_stops_the_admin_at_start_with_the_syntax(string value, string message)
    {
        var errors = new List<string>();
        OidcOperator.Parse(value, errors);

        Assert.Contains(message, Assert.Single(errors));
    }

    [Fact]
    public void A_token_vouches_for_its_issuer_and_sub_its_entra_tenant_and_object_id_and_only_a_verified_e_mail()
    {
        Assert.Equal(
            ["https://idp.example/v2.0|s1", $"{Tenant}:{Object}", "email:frank@example.com"],
            OidcOperator.SubjectsOf(Token(("iss", "https://idp.example/v2.0"), ("sub", "s1"), ("tid", Tenant.ToUpperInvariant()),
                ("oid", Object), ("email", "Frank@Example.com"), ("email_verified", "true"))));

        // Names anyone may choose or an administrator may reassign are not subjects; nor is an unverified address.
        Assert.Equal(["https://idp.example/v2.0|s2"], OidcOperator.SubjectsOf(Token(("iss", "https://idp.example/v2.0"), ("sub", "s2"),
            ("preferred_username", "dana"), ("upn", "dana@example.com"), ("email", "dana@example.com"), ("email_verified", "false"))));
    }

    private static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));
}
