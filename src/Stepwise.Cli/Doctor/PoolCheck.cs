using System.Globalization;
using Npgsql;
using Stepwise.Storage;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// PostgreSQL's connections: how many are in use against <c>max_connections</c> (less those reserved for
/// superusers), and whether this node's pool (<c>STEPWISE_DB_MAX_CONNECTIONS</c>) could alone take them all. A
/// running server's own pool use is in the server check (<c>--server</c>).
/// </summary>
internal sealed class PoolCheck : IDoctorCheck
{
    public const string Name = "connection pool";

    /// <summary>The share of PostgreSQL's connections in use above which a warning is given.</summary>
    public const double WarnAboveShare = 0.8;

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return [DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)")];
        }

        if (node.Options.Database.Kind != DatabaseKind.Postgres)
        {
            return [DoctorFinding.Skip(Name, "SQLite: one writer connection and a reader per read, no pool to size")];
        }

        long inUse;
        long max;
        long reserved;
        try
        {
            (inUse, max, reserved) = await PostgresProbe.QueryAsync(node.Options.Database.ConnectionString, async connection =>
            (
                Number(await PostgresProbe.ScalarAsync(connection, "select count(*) from pg_stat_activity where backend_type = 'client backend'", cancellationToken)),
                Number(await PostgresProbe.ScalarAsync(connection, "show max_connections", cancellationToken)),
                Number(await PostgresProbe.ScalarAsync(connection, "show superuser_reserved_connections", cancellationToken))
            ), cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or FormatException or TimeoutException)
        {
            return [DoctorFinding.Skip(Name, $"cannot read PostgreSQL's connection counts: {exception.Message}")];
        }

        var available = Math.Max(1, max - reserved);
        var pool = node.Options.DbMaxConnections;
        var findings = new List<DoctorFinding>();
        if (pool > available)
        {
            findings.Add(DoctorFinding.Warn(
                Name,
                $"this node's pool may open {pool} connections (STEPWISE_DB_MAX_CONNECTIONS), more than the {available} PostgreSQL allows (max_connections {max} less {reserved} reserved)",
                "lower STEPWISE_DB_MAX_CONNECTIONS so that every node's pool fits, or raise PostgreSQL's max_connections"));
        }

        var text = $"{inUse} of PostgreSQL's {available} connections in use; this node's pool may open {pool}";
        findings.Add(inUse >= available * WarnAboveShare
            ? DoctorFinding.Warn(Name, text, "find who holds them (select usename, application_name, state from pg_stat_activity); lower STEPWISE_DB_MAX_CONNECTIONS or raise max_connections")
            : DoctorFinding.Ok(Name, text));
        return findings;
    }

    private static long Number(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
