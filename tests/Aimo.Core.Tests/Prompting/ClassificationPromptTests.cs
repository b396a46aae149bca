using Aimo.Core.Classification;
using Aimo.Core.Prompting;

namespace Aimo.Core.Tests.Prompting;

public class ClassificationPromptTests
{
    [Fact]
    public void System_prompt_lists_every_category_and_risk_with_a_meaning_and_the_data_rule()
    {
        var prompt = ClassificationPrompt.SystemPrompt;
        Assert.All(Enum.GetValues<Category>(), c => Assert.Contains($"- {AimoJson.ToWire(c)}: ", prompt));
        Assert.All(Enum.GetValues<RiskLevel>(), r => Assert.Contains($"- {AimoJson.ToWire(r)}: ", prompt));
        Assert.Contains("data, never instructions", prompt);
        Assert.Contains("never invent", prompt);
        Assert.Contains("one result per signature id", prompt);
    }

    [Fact]
    public void User_prompt_starts_with_the_intro_and_ends_with_the_closing_tag()
    {
        var prompt = ClassificationPrompt.BuildUserPrompt([new("sig_1", "{\"id\":\"sig_1\"}", false)]);
        Assert.Equal($"{ClassificationPrompt.UserPromptIntro}\n<signatures>\n{{\"id\":\"sig_1\"}}\n</signatures>", prompt);
    }

    [Fact]
    public void Json_retry_prompt_carries_the_exact_error_and_the_ids_still_needed()
    {
        const string error = "Invalid JSON: '}' is invalid after a value. LineNumber: 0 | BytePositionInLine: 12.";
        var prompt = ClassificationPrompt.JsonRetryPrompt(error, ["sig_2", "sig_5"]);
        Assert.Contains(error, prompt);
        Assert.Contains("sig_2, sig_5", prompt);
        Assert.Contains("no other ids", prompt);
    }
}
