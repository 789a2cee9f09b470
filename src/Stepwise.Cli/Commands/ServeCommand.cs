using System.CommandLine;
using Stepwise.Server;
using Stepwise.Server.Hosting;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise serve [--urls URL] [--data DIR]</c>: the HTTP API over the store in the data folder (or
/// DATABASE_URL). Exit codes: 0 after a graceful stop (SIGTERM, Ctrl+C), 1 when it cannot start (port in use,
/// unreadable store), 2 for a bad setting.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen (default {ServerOptions.DefaultUrls}); several separated by ';'",
            HelpName = "URL",
        };
        var data = ServerVerbs.DataOption();
        var command = new Command("serve", "Serve the HTTP API: workflows, runs, organizations and API keys") { urls, data };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (parseResult.GetValue(urls) is { } listen)
            {
                settings["urls"] = listen;
            }

            if (parseResult.GetValue(data) is { } folder)
            {
                settings[ServerSettings.DataKey] = folder.FullName;

                // An explicit flag beats the environment.
                settings[ServerSettings.DatabaseUrlKey] = null;
            }

            return StepwiseServer.RunAsync([], settings, Console.Error, cancellationToken);
        });
        return command;
    }
}
