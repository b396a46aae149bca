using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Aimo.Data.Tests.Scale;

/// <summary>
/// Records the plan PostgreSQL picks (EXPLAIN, not run) for every query EF sends, with the same parameters, so a test
/// reads the plan of the exact SQL a page or route runs rather than a copy of it.
/// </summary>
public sealed class PlanRecorder : DbCommandInterceptor
{
    private readonly List<(string Sql, string Plan)> _plans = [];

    public IReadOnlyList<(string Sql, string Plan)> Plans
    {
        get { lock (_plans) return [.. _plans]; }
    }

    /// <summary>
    /// Explain with sequential scans off: whether a query CAN use an index (a small test table makes a scan cheaper, a
    /// large one would not), which is what a rewrite of a predicate into a form no index serves would break.
    /// </summary>
    public bool IndexEligibility { get; set; }

    public void Clear()
    {
        lock (_plans) _plans.Clear();
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await RecordAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await RecordAsync(command, cancellationToken);
        return result;
    }

    private async Task RecordAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var explain = ((NpgsqlConnection)command.Connection!).CreateCommand();
        explain.CommandText = (IndexEligibility ? "SET enable_seqscan = off; EXPLAIN " : "EXPLAIN ") + command.CommandText;
        explain.Transaction = (NpgsqlTransaction?)command.Transaction;
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }
        var plan = new StringBuilder();
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) plan.AppendLine(reader.GetString(0));
        }
        if (IndexEligibility)
        {
            await using var reset = ((NpgsqlConnection)command.Connection!).CreateCommand();
            reset.CommandText = "RESET enable_seqscan";
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }
        lock (_plans) _plans.Add((command.CommandText, plan.ToString()));
    }
}
