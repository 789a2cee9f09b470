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
        var limit = new Option<string?>("--limit") { Description = "At most this many (1-200, default 50)", HelpName = "N" };
        var (server, key, org, output) = (ServerClient.ServerOption(), ServerClient.KeyOption(), ServerClient.OrgOption(), CommonOptions.Output());
        var command = new Command("list", "List runs of a status; pending ones in queue order (priority, then age)") { status, limit, output };
        ServerClient.AddOptions(command, server, key, org);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = ServerClient.Create(parseResult.GetValue(server), parseResult.GetValue(key), parseResult.GetValue(org));
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var query = $"status={Uri.EscapeDataString(parseResult.GetValue(status)!)}";
            if (parseResult.GetValue(limit) is { } count)
            {
                query += $"&limit={Uri.EscapeDataString(count)}";
            }

            var page = await client.SendAsync(HttpMethod.Get, $"api/v1/admin/jobs?{query}", null, null, cancellationToken);
            if (page is null)
            {
                return ExitCodes.Failed;
            }

            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, page);
                return ExitCodes.Success;
            }

            var items = page["items"] as JsonArray ?? [];
            ServerTable.Write(
                Console.Out,
                ["ID", "WORKFLOW", "VERSION", "PRIORITY", "STATUS", "CREATED"],
                items.Select(job => (IReadOnlyList<string>)
                [
                    JsonCells.Text(job?["id"]), JsonCells.Text(job?["workflow"]), JsonCells.Text(job?["version"]),
                    JsonCells.Text(job?["priority"]), JsonCells.Text(job?["status"]), JsonCells.Time(job?["created_at"]),
                ]));
            Console.Out.WriteLine($"{JsonCells.Text(page["total"])} {JsonCells.Text(page["status"])} in all");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CancelCommand()
    {
        var id = new Argument<string>("ID") { Description = "The run's id" };
        var (server, key, org, output) = (ServerClient.ServerOption(), ServerClient.KeyOption(), ServerClient.OrgOption(), CommonOptions.Output());
        var command = new Command("cancel", "Cancel a queued run, or stop a running one at its next step boundary") { id, output };
        ServerClient.AddOptions(command, server, key, org);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = ServerClient.Create(parseResult.GetValue(server), parseResult.GetValue(key), parseResult.GetValue(org));
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var answer = await client.SendAsync(
                HttpMethod.Delete, $"api/v1/admin/jobs/{ServerClient.Escape(parseResult.GetRequiredValue(id))}", null, null, cancellationToken);
            if (answer is null)
            {
                return ExitCodes.Failed;
            }

            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, answer);
            }
            else
            {
                Console.Out.WriteLine($"{JsonCells.Text(answer["id"])}  {JsonCells.Text(answer["status"])}");
            }

            return ExitCodes.Success;
        });
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
        var (server, key, org, output) = (ServerClient.ServerOption(), ServerClient.KeyOption(), ServerClient.OrgOption(), CommonOptions.Output());
        var command = new Command("purge", "Delete finished runs of a status older than an age, with their steps and logs")
        {
            status, olderThan, output,
        };
        ServerClient.AddOptions(command, server, key, org);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = ServerClient.Create(parseResult.GetValue(server), parseResult.GetValue(key), parseResult.GetValue(org));
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var answer = await client.SendAsync(
                HttpMethod.Post,
                $"api/v1/admin/jobs/purge?status={Uri.EscapeDataString(parseResult.GetValue(status)!)}" +
                $"&older_than={Uri.EscapeDataString(parseResult.GetValue(olderThan)!)}",
                null, null, cancellationToken);
            if (answer is null)
            {
                return ExitCodes.Failed;
            }

            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, answer);
            }
            else
            {
                Console.Out.WriteLine(
                    $"purged {JsonCells.Text(answer["purged"])} {JsonCells.Text(answer["status"])} runs that finished before {JsonCells.Time(answer["finished_before"])}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
