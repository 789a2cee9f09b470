using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The one shape of a client verb: <c>--server</c>, <c>--key</c>, <c>--org</c> and <c>--output</c> on the command,
/// one request to the server, then the JSON answer as it is (<c>--output json</c>) or written as text. Exit codes: 0
/// done, 1 the server refused or could not be reached (the client printed why), 2 no key or a bad server URL.
/// </summary>
internal sealed class ServerCall
{
    private readonly Option<string?> _server = ServerClient.ServerOption();
    private readonly Option<string?> _key = ServerClient.KeyOption();
    private readonly Option<string?> _org = ServerClient.OrgOption();
    private readonly Option<string> _output = CommonOptions.Output();

    private ServerCall()
    {
    }

    /// <summary>
    /// Adds the options to <paramref name="command"/> and sets its action to the request and its text form;
    /// <paramref name="exitCode"/> judges an answer the server gave (a run that failed), 0 without it.
    /// </summary>
    public static void Define(
        Command command,
        Func<ParseResult, ServerRequest> request,
        Action<ParseResult, JsonNode> writeText,
        Func<ParseResult, JsonNode, JsonNode>? selectJson = null,
        Func<ParseResult, JsonNode, int>? exitCode = null,
        Action<ParseResult, JsonObject>? explainError = null)
    {
        var call = new ServerCall();
        command.Options.Add(call._output);
        ServerClient.AddOptions(command, call._server, call._key, call._org);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = ServerClient.Create(
                parseResult.GetValue(call._server), parseResult.GetValue(call._key), parseResult.GetValue(call._org));
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var (method, path, body) = request(parseResult);
            var answer = await client.SendAsync(
                method, path, body, body is null ? null : "application/json", cancellationToken,
                explainError is null ? null : error => explainError(parseResult, error));
            if (answer is null)
            {
                return ExitCodes.Failed;
            }

            if (CommonOptions.ToFormat(parseResult.GetValue(call._output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, selectJson is null ? answer : selectJson(parseResult, answer));
            }
            else
            {
                writeText(parseResult, answer);
            }

            return exitCode?.Invoke(parseResult, answer) ?? ExitCodes.Success;
        });
    }

    /// <summary>A path with the query parameters that have a value, each escaped.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
