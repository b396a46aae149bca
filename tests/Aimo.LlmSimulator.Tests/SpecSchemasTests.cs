using System.Collections.Concurrent;

namespace Aimo.LlmSimulator.Tests;

/// <summary>The spec checker itself: test classes run in parallel and check against the same schemas.</summary>
public sealed class SpecSchemasTests
{
    [Fact]
    public void Threads_that_check_against_a_schema_for_the_first_time_all_at_once_all_get_an_answer()
    {
        // CompletionUsage is checked by no other test, so this is its first use in the process, like the first
        // ErrorResponse check of two test classes that start together (a CI run failed with "Overwriting registered
        // schemas is not permitted").
        const int threads = 8;
        using var start = new Barrier(threads);
        var failures = new ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                SpecSchemas.AssertValid("CompletionUsage", """{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}""");
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromSeconds(60)), "a check did not finish"));

        Assert.Empty(failures);
    }
}
