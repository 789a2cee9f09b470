using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise report [--days N]</c>: a server's record summary (<c>/api/v1/reports/summary</c>): totals by status,
/// by category and per day. Exit codes: 0 done, 1 the server refused or could not be reached, 2 bad usage.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var days = new Option<string?>("--days") { Description = "Days to count per day, ending today (1-366, default 7)", HelpName = "N" };
        var command = new Command("report", "Summarize the organization's records: by status, by category, per day") { days };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, ServerCall.WithQuery("api/v1/reports/summary", ("days", parseResult.GetValue(days)))),
            (_, answer) =>
            {
                Console.Out.WriteLine($"{JsonCells.Text(answer["total"])} record(s)");
                foreach (var section in new[] { "by_status", "by_category" })
                {
                    ServerTable.Write(
                        Console.Out,
                        [section == "by_status" ? "STATUS" : "CATEGORY", "COUNT"],
                        (answer[section] as JsonObject ?? []).Select(p => (IReadOnlyList<string>)[p.Key, JsonCells.Text(p.Value)]));
                }

                ServerTable.Write(
                    Console.Out,
                    ["DAY", "TOTAL"],
                    (answer["per_day"] as JsonArray ?? []).Select(day => (IReadOnlyList<string>)[JsonCells.Text(day?["day"]), JsonCells.Text(day?["total"])]));
            });
        return command;
    }
}
