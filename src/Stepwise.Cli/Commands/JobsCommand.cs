using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise jobs list|cancel|purge</c>: the run queue of a server, for admin keys (<c>/api/v1/admin/jobs</c>).
/// Exit codes: 0 done, 1 the server refused or could not be reached, 2 bad usage.
/// </summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var command = new Command("jobs", "Administer a server's run queue (admin keys)");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(CancelCommand());
        command.Subcommands.Add(PurgeCommand());
        return command;
    }

    private static Command ListCommand()
    {
        var status = new Option<string>("--status")
        {
            Description = "Runs with this status: pending (default, in the order workers take them), running, failed, ...",
            HelpName = "STATUS",
            DefaultValueFactory = _ => "pending",
        };
        var limit = CommonOptions.Limit("At most this many (1-200, default 50)");
        var command = new Command("list", "List runs of a status; pending ones in queue order (priority, then age)") { status, limit };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, ServerCall.WithQuery(
                "api/v1/admin/jobs", ("status", parseResult.GetValue(status)), ("limit", parseResult.GetValue(limit)))),
            (_, page) =>
            {
                ServerTable.Write(
                    Console.Out,
                    ["ID", "WORKFLOW", "VERSION", "PRIORITY", "STATUS", "CREATED"],
                    (page["items"] as JsonArray ?? []).Select(job => (IReadOnlyList<string>)
                    [
                        JsonCells.Text(job?["id"]), JsonCells.Text(job?["workflow"]), JsonCells.Text(job?["version"]),
                        JsonCells.Text(job?["priority"]), JsonCells.Text(job?["status"]), JsonCells.Time(job?["created_at"]),
                    ]));
                Console.Out.WriteLine($"{JsonCells.Text(page["total"])} {JsonCells.Text(page["status"])} in all");
            });
        return command;
    }

    private static Command CancelCommand()
    {
        var id = new Argument<string>("ID") { Description = "The run's id" };
        var command = new Command("cancel", "Cancel a queued run, or stop a running one at its next step boundary") { id };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(
                HttpMethod.Delete, $"api/v1/admin/jobs/{ServerClient.Escape(parseResult.GetRequiredValue(id))}"),
            (_, answer) => Console.Out.WriteLine($"{JsonCells.Text(answer["id"])}  {JsonCells.Text(answer["status"])}"));
        return command;
    }

    private static Command PurgeCommand()
    {
        var status = new Option<string>("--status")
        {
            Description = "Purge finished runs of this status: succeeded, failed, cancelled, timed_out or compensated",
            HelpName = "STATUS",
            Required = true,
        };
        var olderThan = new Option<string>("--older-than")
        {
            Description = "Only runs that finished longer ago than this, e.g. 24h, 7d",
            HelpName = "DURATION",
            Required = true,
        };
        CommonOptions.RequireDuration(olderThan);
        var command = new Command("purge", "Delete finished runs of a status older than an age, with their steps and logs")
        {
            status, olderThan,
        };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Post, ServerCall.WithQuery(
                "api/v1/admin/jobs/purge",
                ("status", parseResult.GetValue(status)), ("older_than", parseResult.GetValue(olderThan)))),
            (_, answer) => Console.Out.WriteLine(
                $"purged {JsonCells.Text(answer["purged"])} {JsonCells.Text(answer["status"])} runs that finished " +
                $"before {JsonCells.Time(answer["finished_before"])}"));
        return command;
    }
}
