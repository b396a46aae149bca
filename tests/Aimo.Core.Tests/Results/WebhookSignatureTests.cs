using Aimo.Core.Results;

namespace Aimo.Core.Tests.Results;

/// <summary>The results webhook's signature is Stripe's scheme exactly, so a receiver can check it with a few lines of any language.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_secret_0001";
    private const string Body = """{"cursor":"x","items":[]}""";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void The_header_is_t_and_the_hex_HMAC_SHA256_of_t_dot_body_as_Pythons_hmac_computes_it()
    {
        Assert.Equal("t=1700000000,v1=0d3691f7341b9929fabf10a2165744fc66a4d581743219c9891e7a5bdd38ab7b",
            WebhookSignature.Sign(Secret, At.ToUnixTimeSeconds(), Body));
    }

    [Fact]
    public void A_receiver_accepts_the_signed_body_and_refuses_a_changed_body_another_secret_or_a_stale_timestamp()
    {
        var header = WebhookSignature.Sign(Secret, At.ToUnixTimeSeconds(), Body);
        var tolerance = TimeSpan.FromMinutes(5);

        Assert.True(WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(1), tolerance));
        Assert.False(WebhookSignature.Verify(Secret, header, Body.Replace("x", "y"), At, tolerance));
        Assert.False(WebhookSignature.Verify("another-secret-0000000", header, Body, At, tolerance));
        Assert.False(WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(6), tolerance));
        Assert.False(WebhookSignature.Verify(Secret, "v1=deadbeef", Body, At, tolerance));
        Assert.False(WebhookSignature.Verify(Secret, null, Body, At, tolerance));
    }
}
