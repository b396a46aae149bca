using Aimo.Worker.BatchApi;
using Aimo.Worker.Llm;

namespace Aimo.Worker.Tests.BatchApi;

public sealed class BatchApiProviderCheckTests
{
    [Theory]
    [InlineData("Endpoint=https://api.openai.com/v1;Key=k;Model=gpt-4o-mini", true)]
    [InlineData("Endpoint=https://res.openai.azure.com/;Key=k;Deployment=classify;Model=gpt-4o-mini", false)]
    [InlineData("Endpoint=http://localhost:11434/v1;Model=qwen2.5:7b", false)]
    [InlineData("Endpoint=http://vllm.internal:8000/v1;Model=qwen2.5-7b", false)]
    public void Only_openai_takes_the_batch_api_and_any_provider_may_leave_it_off(string connection, bool allowed)
    {
        var check = new BatchApiProviderCheck(LlmConnection.Parse(connection));

        var on = check.Validate(null, new BatchApiOptions { Enabled = true });
        Assert.Equal(allowed, on.Succeeded);
        if (!allowed)
        {
            Assert.Contains("Aimo:Worker:BatchApi:Enabled", on.FailureMessage);
        }
        Assert.True(check.Validate(null, new BatchApiOptions { Enabled = false }).Succeeded);
    }
}
