using Aimo.Core;
using static Aimo.Deployment.Tests.ManifestAssertions;

namespace Aimo.Deployment.Tests;

/// <summary>Secrets reach the deployed services as secret parameters, never as values written into the manifest.</summary>
public sealed class SecretParameterManifestTests
{
    private const string WebhookParameter = ResourceNames.BudgetAlertWebhook;
    private const string KeyRingParameter = ResourceNames.AdminKeyRingCertificate;
    private const string HookSecret = "s3cr3t-hook-token";

    [Fact]
    public async Task The_budget_alert_webhook_is_a_secret_parameter_whose_value_stays_out_of_the_manifest()
    {
        var manifest = await PublishedManifest.ForAsync($"--Parameters:{WebhookParameter}=https://hooks.example.com/services/T0/B0/{HookSecret}");

        AssertSecretParameter(manifest.Resource(WebhookParameter), WebhookParameter);
        Assert.Equal($"{{{WebhookParameter}.value}}", manifest.Resource(ResourceNames.Admin).Env("Aimo__Alerts__WebhookUrl"));
        Assert.DoesNotContain(HookSecret, manifest.Text);
    }

    [Fact]
    public async Task Without_a_webhook_there_is_no_parameter_to_ask_for()
    {
        var manifest = await PublishedManifest.ForAsync();

        Assert.Null(manifest.Resources[WebhookParameter]);
        Assert.Null(manifest.Resource(ResourceNames.Admin).Env("Aimo__Alerts__WebhookUrl"));
    }

    [Fact]
    public async Task The_admin_gets_the_certificate_that_encrypts_its_key_ring_from_a_secret_parameter()
    {
        var manifest = await PublishedManifest.ForAsync();

        AssertSecretParameter(manifest.Resource(KeyRingParameter), KeyRingParameter);
        Assert.Equal($"{{{KeyRingParameter}.value}}", manifest.Resource(ResourceNames.Admin).Env("Admin__KeyRing__Certificate"));
    }
}
