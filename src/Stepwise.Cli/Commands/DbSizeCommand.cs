using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
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
            var (path, error) = DbFile.Resolve(parseResult.GetValue(data));
            if (path is null)
            {
                return DbCommand.Fail(error!);
            }

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

            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
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
