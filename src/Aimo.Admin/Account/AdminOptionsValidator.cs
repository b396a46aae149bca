using Aimo.Core;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Account;

/// <summary>Unreadable operator accounts or a half-configured OpenID Connect stop the admin at start, with the reason.</summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var errors = new List<string>();
        var accounts = OperatorDirectory.Parse(options.Operators, errors);
        if (!environment.IsDevelopment())
        {
            // The development account's password is in the README: it opens the admin only on a developer's machine.
            errors.AddRange(accounts.Where(a => OperatorDirectory.HasPassword(a, DevelopmentSecrets.AdminPassword)).Select(a =>
                $"Admin:Operators: '{a.Name}' has the development password in the {environment.EnvironmentName} environment; " +
                "set the AppHost's admin-operators parameter to accounts of your own (hashes from scripts/hash-password.sh)."));
        }
        var oidc = options.Oidc;
        if (accounts.Count == 0 && errors.Count == 0 && !oidc.Enabled)
        {
            errors.Add("No operator can sign in: set Admin:Operators (the AppHost's admin-operators parameter: name:hash pairs, " +
                "hashes from scripts/hash-password.sh) or configure Admin:Oidc.");
        }
        if (oidc.Enabled)
        {
            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                errors.Add("Admin:Oidc:ClientId is required when Admin:Oidc:Authority is set.");
            }
            var listErrors = errors.Count;
            if (OidcOperator.Parse(oidc.Operators, errors).Count == 0 && errors.Count == listErrors)
            {
                errors.Add($"Admin:Oidc:Operators lists nobody: name the users who are operators, as {OidcOperator.Syntax}.");
            }
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add("Admin:Oidc:Authority must be an https URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0.");
            }
        }
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
