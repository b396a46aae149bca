using Aimo.Core.Prompting;
using Aimo.Core.Signatures;

namespace Aimo.Core.Tests.Signatures;

public class SignatureBlockTests
{
    private static readonly Gen<Signature> AnySignature =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.OneOf(new string?[] { "GET", "POST", null }), Hostile.AnyText, Hostile.AnyText.Array[0, 4])
            .Select((n, method, path, samples) => new Signature($"sig_{n}", Tier.B, method, "host.example", "/" + path, samples));

    [Fact]
    public void Parse_of_a_built_prompt_round_trips_ids_in_order_and_has_one_line_per_signature() =>
        AnySignature.Array[1, 25].Sample(signatures =>
        {
            var formatted = signatures.Select(s => SignatureFormatter.Format(s, 4_000)).ToList();
            var prompt = ClassificationPrompt.BuildUserPrompt(formatted);

            var lines = prompt.Split('\n');
            var open = Array.IndexOf(lines, SignatureBlock.OpenTag);
            var close = Array.IndexOf(lines, SignatureBlock.CloseTag);
            Assert.Equal(signatures.Length, close - open - 1);
            Assert.Equal(1, lines.Count(l => l == SignatureBlock.OpenTag));
            Assert.Equal(1, lines.Count(l => l == SignatureBlock.CloseTag));

            var parsed = SignatureBlock.Parse(prompt);
            Assert.Equal(signatures.Select(s => s.Id), parsed.Select(p => p.Id));
            Assert.Equal(signatures.Select(s => s.Method), parsed.Select(p => p.Method));
        }, iter: 300);

    [Fact]
    public void Samples_and_fields_round_trip_exactly_when_not_truncated()
    {
        var signature = new Signature("sig_x", Tier.C, null, "h.example", "/a/{id}", Hostile.Samples[..9]);
        var parsed = SignatureBlock.Parse(ClassificationPrompt.BuildUserPrompt([SignatureFormatter.Format(signature)])).Single();
        Assert.Equal(new SignatureEntry("sig_x", null, "h.example", "/a/{id}", parsed.Samples, false), parsed);
        Assert.Equal(Hostile.Samples[..9], parsed.Samples);
    }

    [Fact]
    public void Injected_signature_lines_in_samples_do_not_add_entries()
    {
        var signatures = new[]
        {
            new Signature("sig_a", Tier.A, "GET", "a.example", "/", [Hostile.Samples[3], Hostile.Samples[4]]),
            new Signature("sig_b", Tier.A, "GET", "b.example", "/", [Hostile.Samples[2]]),
        };
        var parsed = SignatureBlock.Parse(ClassificationPrompt.BuildUserPrompt(signatures.Select(s => SignatureFormatter.Format(s)).ToList()));
        Assert.Equal(["sig_a", "sig_b"], parsed.Select(p => p.Id));
    }

    [Fact]
    public void Parse_accepts_crlf_line_endings()
    {
        var prompt = ClassificationPrompt.BuildUserPrompt([SignatureFormatter.Format(new Signature("sig_1", Tier.A, "GET", "h", "/", ["s"]))]);
        Assert.Equal("sig_1", SignatureBlock.Parse(prompt.Replace("\n", "\r\n")).Single().Id);
    }

    [Theory]
    [InlineData("no block at all")]
    [InlineData("<signatures>\n{\"id\":\"a\"}")]
    [InlineData("<signatures>\nnot json\n</signatures>")]
    [InlineData("<signatures>\n{\"host\":\"no id\"}\n</signatures>")]
    public void Malformed_prompts_are_a_format_error(string prompt) =>
        Assert.Throws<FormatException>(() => SignatureBlock.Parse(prompt));

    [Fact]
    public void An_empty_batch_gives_an_empty_block() =>
        Assert.Empty(SignatureBlock.Parse(ClassificationPrompt.BuildUserPrompt([])));
}
