using Npgsql;

namespace Aimo.Worker.Commit;

/// <summary>Whether a failure means PostgreSQL is unreachable (wait and try again) rather than a bug in what was written.</summary>
public static class StorageFaults
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.IsTransient;
                case NpgsqlException or TimeoutException or System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return exception.GetType().Name == "RetryLimitExceededException";
    }
}
