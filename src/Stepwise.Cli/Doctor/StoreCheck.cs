using Stepwise.Cli.Commands;
using Stepwise.Storage;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// The store: reachable, and its schema version against this build's (migrations pending, or a newer stepwise's
/// schema). Opens the store for the later checks only when the schema is current, since opening migrates.
/// </summary>
internal sealed class StoreCheck : IDoctorCheck
{
    public const string Name = "store";
    public const string SchemaName = "schema";

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return [DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)")];
        }

        var database = node.Options.Database;
        if (!StoreOpener.Exists(database))
        {
            return [DoctorFinding.Warn(
                Name, $"no database yet at '{database.ConnectionString}'",
                "'stepwise serve' or 'stepwise db upgrade' creates it; if one should be there, check --data / STEPWISE_DATA / DATABASE_URL")];
        }

        SchemaMigrator migrator;
        try
        {
            migrator = await StoreOpener.OpenMigratorAsync(database, node.Options.DbMaxConnections, context.Time, cancellationToken);
        }
        catch (Exception exception) when (DbFile.IsStoreProblem(exception))
        {
            return [DoctorFinding.Fail(
                Name, $"cannot reach the database {database.Description}: {exception.Message}",
                database.Kind == DatabaseKind.Postgres
                    ? "check that PostgreSQL runs and DATABASE_URL's host, port, user and password (pg_isready -h HOST -p PORT)"
                    : "check that the file is a Stepwise database and readable ('stepwise db check')")];
        }

        int current;
        int head;
        await using (migrator)
        {
            try
            {
                current = await migrator.GetCurrentVersionAsync(cancellationToken);
            }
            catch (Exception exception) when (DbFile.IsStoreProblem(exception))
            {
                return [DoctorFinding.Fail(Name, $"cannot read the schema version of {database.Description}: {exception.Message}",
                    "check the database with 'stepwise db check' (SQLite) or psql (PostgreSQL)")];
            }

            head = migrator.LatestVersion;
        }

        context.SchemaVersion = current;
        var reachable = DoctorFinding.Ok(Name, $"{database.Kind.ToString().ToLowerInvariant()} database {database.Description} answers");
        var schema = DbSchemaCommands.StateOf(current, head) switch
        {
            "up_to_date" => DoctorFinding.Ok(SchemaName, $"schema version {current}, this build's (no migrations pending)"),
            "empty" => DoctorFinding.Warn(SchemaName, $"the database has no schema yet ({head} migrations pending)",
                "'stepwise db upgrade' creates it, or 'stepwise serve' does at start"),
            "behind" => DoctorFinding.Warn(SchemaName, $"schema version {current}, behind this build's {head} ({head - current} migration(s) pending)",
                "back the database up ('stepwise db backup FILE'), then run 'stepwise db upgrade', or start the server, which upgrades"),
            _ => DoctorFinding.Fail(SchemaName, $"schema version {current}, ahead of this build's {head}: a newer stepwise migrated it",
                $"run that newer stepwise, or downgrade with it ('stepwise db downgrade {head}')"),
        };
        if (current == head)
        {
            try
            {
                context.Storage = await StoreOpener.OpenAsync(database, node.Options.DbMaxConnections, context.Time, null, cancellationToken);
            }
            catch (Exception exception) when (DbFile.IsStoreProblem(exception) || exception is SchemaVersionException)
            {
                return [DoctorFinding.Fail(Name, $"cannot open the store {database.Description}: {exception.Message}",
                    "check the database with 'stepwise db check' (SQLite) or psql (PostgreSQL)"), schema];
            }
        }

        return [reachable, schema];
    }
}
