using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Storage;
using Stepwise.Storage.Postgres;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>db size</c>: rows and bytes of each table, the pages and the file, read-only and safe beside a running server;
/// to see what retention keeps and whether purged space went back to the disk.
/// </summary>
internal static class DbSizeCommand
{
    public static Command Create()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("size", "Show the rows and bytes of each table and the size of the database file, read-only")
        {
            data, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (database, error) = DbFile.Resolve(parseResult.GetValue(data));
            if (database is null)
            {
                return DbCommand.Fail(error!);
            }

            var json = CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json;
            if (database.Kind == DatabaseKind.Postgres)
            {
                return await MeasurePostgresAsync(database, json, cancellationToken);
            }

            var path = database.ConnectionString;

            if (!File.Exists(path))
            {
                return DbCommand.Fail(DbFile.NotFound(path));
            }

            SqliteSpaceReport report;
            try
            {
                report = await SqliteSpace.MeasureAsync(path, cancellationToken);
            }
            catch (Exception exception) when (DbFile.IsStoreProblem(exception))
            {
                return DbCommand.Fail(
                    $"{exception.Message}\nhint: the file is not a SQLite database or is damaged; 'stepwise db check' says more.");
            }

            if (json)
            {
                JsonOutput.Write(Console.Out, ToJson(report));
            }
            else
            {
                WriteText(report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> MeasurePostgresAsync(DatabaseUrl database, bool json, CancellationToken cancellationToken)
    {
        PostgresSpaceReport report;
        try
        {
            report = await PostgresSpace.MeasureAsync(database, cancellationToken);
        }
        catch (Exception exception) when (DbFile.IsStoreProblem(exception))
        {
            return DbCommand.Fail(exception.Message);
        }

        if (json)
        {
            JsonOutput.Write(Console.Out, new JsonObject
            {
                ["database"] = report.Database,
                ["database_bytes"] = report.DatabaseBytes,
                ["tables"] = new JsonArray([.. report.Tables.Select(table => (JsonNode)new JsonObject
                {
                    ["name"] = table.Name,
                    ["rows"] = table.Rows,
                    ["table_bytes"] = table.TableBytes,
                    ["index_bytes"] = table.IndexBytes,
                    ["total_bytes"] = table.TotalBytes,
                })]),
            });
            return ExitCodes.Success;
        }

        var width = Math.Max("TABLE".Length, report.Tables.Count == 0 ? 0 : report.Tables.Max(table => table.Name.Length));
        await Console.Out.WriteLineAsync($"{"TABLE".PadRight(width)}  {"ROWS (EST.)",12}  {"TABLE BYTES",14}  {"INDEX BYTES",14}  {"TOTAL BYTES",14}");
        foreach (var table in report.Tables)
        {
            await Console.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{table.Name.PadRight(width)}  {table.Rows,12:N0}  {table.TableBytes,14:N0}  {table.IndexBytes,14:N0}  {table.TotalBytes,14:N0}"));
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.Database}: {report.DatabaseBytes:N0} bytes in all"));
        return ExitCodes.Success;
    }

    private static JsonObject ToJson(SqliteSpaceReport report) => new()
    {
        ["database"] = report.Path,
        ["file_bytes"] = report.FileBytes,
        ["wal_bytes"] = report.WalBytes,
        ["page_size"] = report.PageSize,
        ["page_count"] = report.PageCount,
        ["free_pages"] = report.FreePages,
        ["tables"] = new JsonArray([.. report.Tables.Select(table => (JsonNode)new JsonObject
        {
            ["name"] = table.Name,
            ["rows"] = table.Rows,
            ["data_bytes"] = table.DataBytes,
        })]),
    };

    private static void WriteText(SqliteSpaceReport report)
    {
        var width = Math.Max("TABLE".Length, report.Tables.Count == 0 ? 0 : report.Tables.Max(table => table.Name.Length));
        Console.Out.WriteLine($"{"TABLE".PadRight(width)}  {"ROWS",12}  {"DATA BYTES",14}");
        foreach (var table in report.Tables)
        {
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"{table.Name.PadRight(width)}  {table.Rows,12:N0}  {table.DataBytes,14:N0}"));
        }

        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Path}: {report.FileBytes:N0} bytes, WAL {report.WalBytes:N0} bytes; " +
            $"{report.PageCount:N0} pages of {report.PageSize:N0} bytes, {report.FreePages:N0} free"));
    }
}
