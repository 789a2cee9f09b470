using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>db check</c>: SQLite's <c>PRAGMA integrity_check</c> and <c>foreign_key_check</c>, read-only. Exit 0 when the
/// file is sound, 1 with each problem on its own line when it is not (restore a backup).
/// </summary>
internal static class DbCheckCommand
{
    public static Command Create()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("check", "Check the database file for corruption (PRAGMA integrity_check), read-only")
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

            if (DbFile.RequireSqlite(database, "check") is { } onlySqlite)
            {
                return DbCommand.Fail(onlySqlite);
            }

            var path = database.ConnectionString;

            if (!File.Exists(path))
            {
                return DbCommand.Fail(DbFile.NotFound(path));
            }

            IReadOnlyList<string> problems;
            try
            {
                problems = await SqliteIntegrity.CheckAsync(path, cancellationToken);
            }
            catch (Exception exception) when (DbFile.IsStoreProblem(exception))
            {
                return DbCommand.Fail(
                    $"{exception.Message}\nhint: the file is not a SQLite database or is damaged beyond reading; " +
                    "restore it from a backup.");
            }

            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, new JsonObject
                {
                    ["database"] = path,
                    ["ok"] = problems.Count == 0,
                    ["problems"] = new JsonArray([.. problems.Select(problem => (JsonNode)JsonValue.Create(problem))]),
                });
            }
            else if (problems.Count == 0)
            {
                await Console.Out.WriteLineAsync($"ok: {path} passed integrity_check and foreign_key_check");
            }
            else
            {
                await Console.Out.WriteLineAsync($"{path}: {problems.Count} problem(s)");
                foreach (var problem in problems)
                {
                    await Console.Out.WriteLineAsync($"  {problem}");
                }

                await Console.Error.WriteLineAsync(
                    "stepwise: the database is damaged; stop the server, restore the file from a backup (or copy " +
                    "what is readable with `sqlite3 stepwise.db .recover`), then run 'stepwise db check' again.");
            }

            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
