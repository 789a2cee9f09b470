using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise query 'executions where status = ''failed'''</c>: the query language on a server
/// (<c>/api/v1/query</c>), rows as a table or <c>--output json</c>. An error prints its type and a caret line under
/// the offending text. Exit codes: 0 answered, 1 the server refused the query or could not be reached, 2 bad usage.
/// </summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("QUERY") { Description = "The query, e.g. \"executions where status = 'failed' limit 20\" (docs/query.md)" };
        var command = new Command("query", "Search runs, steps, records, workflows and the audit log with the query language") { text };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, ServerCall.WithQuery("api/v1/query", ("q", parseResult.GetRequiredValue(text)))),
            (_, answer) => WriteRows(answer),
            explainError: (parseResult, error) => Console.Error.Write(Caret(parseResult.GetRequiredValue(text), error)));
        return command;
    }

    /// <summary>The query with a caret line under the error's position and length, or nothing when it has none.</summary>
    public static string Caret(string query, JsonObject error)
    {
        if (error["details"] is not JsonObject details || details["position"] is not JsonValue positionValue
            || !positionValue.TryGetValue<int>(out var position) || details["type"]?.GetValue<string>() is not { } type
            || type == "ExecutionError" || query.Contains('\n', StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var length = details["length"] is JsonValue lengthValue && lengthValue.TryGetValue<int>(out var l) ? Math.Max(1, l) : 1;
        position = Math.Clamp(position, 0, query.Length);
        return $"  {query}{Environment.NewLine}  {new string(' ', position)}{new string('^', Math.Min(length, Math.Max(1, query.Length - position)))} {type}{Environment.NewLine}";
    }

    private static void WriteRows(JsonNode answer)
    {
        var rows = (answer["rows"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var columns = rows.SelectMany(row => row.Select(p => p.Key)).Distinct().Where(c => c is not ("params" or "output" or "payload" or "input" or "trigger")).ToList();
        ServerTable.Write(
            Console.Out,
            [.. columns.Select(c => c.ToUpperInvariant())],
            rows.Select(row => (IReadOnlyList<string>)[.. columns.Select(c => JsonCells.Text(row[c]))]));
        Console.Out.WriteLine(
            $"{JsonCells.Text(answer["row_count"])} row(s){(answer["truncated"]?.GetValue<bool>() == true ? $", limit {JsonCells.Text(answer["limit"])} reached" : string.Empty)}");
    }
}
