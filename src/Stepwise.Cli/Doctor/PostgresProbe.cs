using Npgsql;

namespace Stepwise.Cli.Doctor;

/// <summary>Plain SQL against the node's PostgreSQL for the doctor's clock and connection checks (read-only).</summary>
internal static class PostgresProbe
{
    public static async Task<T> QueryAsync<T>(string connectionString, Func<NpgsqlConnection, Task<T>> query, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await query(connection);
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
