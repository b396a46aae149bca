using System.Globalization;
using Npgsql;

namespace Aimo.Testing;

/// <summary>Positional-parameter SQL against a stack's database: <c>$1</c>, <c>$2</c>, ... are <paramref name="args"/> in order.</summary>
public static class Sql
{
    public static async Task<object?> ScalarAsync(this NpgsqlDataSource db, string sql, params object?[] args)
    {
        await using var command = Command(db, sql, args);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public static async Task<int> ExecAsync(this NpgsqlDataSource db, string sql, params object?[] args)
    {
        await using var command = Command(db, sql, args);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(this NpgsqlDataSource db, string sql, params object?[] args) =>
        Convert.ToInt64(await db.ScalarAsync(sql, args) ?? 0L, CultureInfo.InvariantCulture);

    public static async Task<decimal> DecimalAsync(this NpgsqlDataSource db, string sql, params object?[] args) =>
        Convert.ToDecimal(await db.ScalarAsync(sql, args) ?? 0m, CultureInfo.InvariantCulture);

    /// <summary>Every row of a query, each as an array of column values (DBNull as null).</summary>
    public static async Task<List<object?[]>> RowsAsync(this NpgsqlDataSource db, string sql, params object?[] args)
    {
        await using var command = Command(db, sql, args);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlDataSource db, string sql, object?[] args)
    {
        if (args.GetType() != typeof(object[]))
        {
            // A string[] passed alone binds as the whole params array: $1 would be its first element.
            throw new ArgumentException($"An array parameter must be wrapped: pass [ids], not ids ({args.GetType().Name}).", nameof(args));
        }
        var command = db.CreateCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }
        return command;
    }
}
