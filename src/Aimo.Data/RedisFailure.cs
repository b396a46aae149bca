using StackExchange.Redis;

namespace Aimo.Data;

/// <summary>
/// Whether an exception means Redis could not be reached or answered in time — an outage to wait out, never a fault of
/// the work in hand. Besides StackExchange.Redis's own exceptions and timeouts, that includes what leaks out of its
/// connection while a socket is torn down (the pipe's "Writing is not allowed after writer was completed", an
/// InvalidOperationException): the fault checker saw one pass through an LLM call during a Redis restart and send a
/// batch to review after one attempt, as if the provider had failed.
/// </summary>
public static class RedisFailure
{
    public static bool Is(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisException or TimeoutException || RaisedInsideRedisClient(e))
            {
                return true;
            }
        }
        return false;
    }

    // Thrown from within StackExchange.Redis's own code (its frames are on the exception's stack trace).
    private static bool RaisedInsideRedisClient(Exception e) =>
        e is InvalidOperationException or ObjectDisposedException or IOException
        && e.StackTrace?.Contains("StackExchange.Redis.", StringComparison.Ordinal) == true;
}
