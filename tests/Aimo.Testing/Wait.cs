namespace Aimo.Testing;

/// <summary>Polling waits with an explicit timeout and a message that says what did not happen.</summary>
public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? poll = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout} waiting for {what}.");
            }
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds for its value, and returns that value.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> what, TimeSpan? poll = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout}: {what(value)}");
            }
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
