using System.Text.Json;
using Aimo.Core.Signatures;

namespace Aimo.Core.Tests.Signatures;

public class SignatureFormatterTests
{
    private static Signature Sig(string id = "sig_1", params string[] samples) =>
        new(id, Tier.A, "POST", "api.openai.com", "/v1/chat/completions", samples);

    [Fact]
    public void Keys_come_in_the_contract_order_and_unknown_method_is_omitted()
    {
        var stats = new SignatureStats(Requests: 12, Users: 3, LastSeen: new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var withMethod = SignatureFormatter.Format(Sig(samples: "a") with { Stats = stats });
        var withoutMethod = SignatureFormatter.Format(Sig(samples: "a") with { Method = null });

        Assert.Equal(
            """{"id":"sig_1","method":"POST","host":"api.openai.com","path":"/v1/chat/completions","samples":["a"],"stats":{"requests":12,"users":3,"lastSeen":"2025-01-02T03:04:05+00:00"}}""",
            withMethod.Text);
        Assert.Equal("""{"id":"sig_1","host":"api.openai.com","path":"/v1/chat/completions","samples":["a"]}""", withoutMethod.Text);
        Assert.False(withMethod.Truncated);
        Assert.Equal(withMethod.Text.Length, withMethod.SampleChars);
    }

    [Fact]
    public void Hostile_samples_stay_on_one_ascii_line_without_delimiters_and_decode_back_exactly()
    {
        var formatted = SignatureFormatter.Format(Sig(samples: Hostile.Samples));
        Assert.DoesNotContain('\n', formatted.Text);
        Assert.DoesNotContain('\r', formatted.Text);
        Assert.DoesNotContain("<", formatted.Text);
        Assert.DoesNotContain("signatures>", formatted.Text);
        Assert.All(formatted.Text, c => Assert.InRange(c, ' ', '~'));

        using var document = JsonDocument.Parse(formatted.Text);
        Assert.Equal("sig_1", document.RootElement.GetProperty("id").GetString());
        var decoded = document.RootElement.GetProperty("samples").EnumerateArray().Select(e => e.GetString()).ToArray();
        // A lone surrogate cannot survive UTF-16 → JSON; it becomes U+FFFD. Everything else is exact.
        Assert.Equal(Hostile.Samples.Select(s => s.Replace("\uD800", "\uFFFD")), decoded);
    }

    [Fact]
    public void Any_text_keeps_the_line_single_and_parseable() =>
        Hostile.AnyText.Array[0, 6].Sample(samples =>
        {
            var text = SignatureFormatter.Format(Sig(samples: samples), 2_000).Text;
            Assert.DoesNotContain('\n', text);
            Assert.True(text.Length <= 2_000);
            using var document = JsonDocument.Parse(text);
            Assert.Equal("sig_1", document.RootElement.GetProperty("id").GetString());
        }, iter: 500);

    [Fact]
    public void A_one_megabyte_sample_is_truncated_under_the_maximum_with_a_visible_marker()
    {
        var formatted = SignatureFormatter.Format(Sig(samples: ["short", Hostile.Megabyte(), "never kept"]));

        Assert.True(formatted.Truncated);
        Assert.InRange(formatted.SampleChars, 31_000, SignatureFormatOptions.DefaultMaxChars);
        using var document = JsonDocument.Parse(formatted.Text);
        Assert.True(document.RootElement.GetProperty("truncated").GetBoolean());
        var samples = document.RootElement.GetProperty("samples").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(2, samples.Length);
        Assert.Equal("short", samples[0]);
        var kept = samples[1].IndexOf('\u2026');
        var dropped = 1_048_576 - kept + "never kept".Length;
        Assert.EndsWith($"\u2026[truncated {dropped} chars]", samples[1]);
    }

    [Fact]
    public void Truncation_respects_any_maximum_even_for_heavily_escaped_text() =>
        Gen.Select(Gen.Int[1_000, 20_000], Gen.OneOf("<", "é", "🚀", "a", "\"", "\n", "x\uD800", "\uDC00y")).Sample((max, unit) =>
        {
            var big = string.Concat(Enumerable.Repeat(unit, 30_000));
            var formatted = SignatureFormatter.Format(Sig(samples: [big, big]), max);
            Assert.True(formatted.SampleChars <= max, $"{formatted.SampleChars} > {max}");
            Assert.True(formatted.Truncated);
            Assert.Contains("[truncated ", JsonDocument.Parse(formatted.Text).RootElement.GetProperty("samples")[0].GetString());
        }, iter: 200);

    [Fact]
    public void A_huge_path_is_shortened_when_no_sample_fits()
    {
        var signature = Sig(samples: "x") with { PathTemplate = "/" + new string('p', 50_000) };
        var formatted = SignatureFormatter.Format(signature, 2_000);
        Assert.True(formatted.SampleChars <= 2_000);
        var path = JsonDocument.Parse(formatted.Text).RootElement.GetProperty("path").GetString()!;
        Assert.EndsWith("chars]", path);
    }

    [Fact]
    public void An_id_longer_than_the_maximum_is_a_clear_error() =>
        Assert.Throws<ArgumentException>(() => SignatureFormatter.Format(Sig(new string('i', 5_000), "x"), 2_000));
}
