using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Workspace;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>workspace check [DIR]</c>: compiles a workspace of .cs files as the server would, applies the import rule and
/// discovers its workflows, data providers and actions, for CI in user repositories. Exit 0 when it builds, 1 with
/// every error as <c>file:line:col: error ID: message</c> when it does not, 2 for a folder that does not exist.
/// </summary>
internal static class WorkspaceCommand
{
    public static Command Create()
    {
        var command = new Command("workspace", "Work with a workspace of code workflows (.cs files)");
        var folder = new Argument<string>("DIR") { Description = "The workspace folder (default: the current folder)", DefaultValueFactory = _ => "." };
        var output = CommonOptions.Output();
        var check = new Command("check", "Compile the workspace, apply the import rule and list what it defines; exit 1 on any error")
        {
            folder, output,
        };
        check.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(folder)!;
            if (!Directory.Exists(path))
            {
                Console.Error.WriteLine($"Workspace folder '{path}' not found");
                return ExitCodes.Usage;
            }

            CompileResult build;
            try
            {
                build = WorkspaceCompiler.Compile(WorkspaceSources.Read(path), new HashSet<string>());
            }
            catch (WorkspaceException exception)
            {
                Console.Error.WriteLine(exception.Message);
                return ExitCodes.Failed;
            }

            var discovery = build.Discovery;
            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, new JsonObject
                {
                    ["ok"] = build.Succeeded,
                    ["version"] = build.Sources.Hash,
                    ["files"] = build.Sources.Files.Count,
                    ["workflows"] = new JsonArray([.. (discovery?.Workflows ?? []).Select(w => (JsonNode?)w.Name)]),
                    ["data_providers"] = new JsonArray([.. (discovery?.Providers ?? []).Select(p => (JsonNode?)p.Name)]),
                    ["actions"] = new JsonArray([.. (discovery?.Actions ?? []).Select(a => (JsonNode?)a.Type)]),
                    ["errors"] = new JsonArray([.. build.Errors.Select(e => (JsonNode?)e.ToString())]),
                });
            }
            else if (build.Succeeded)
            {
                Console.Out.WriteLine(
                    $"ok: {build.Sources.Files.Count} files, workflows: {Names(discovery!.Workflows.Select(w => w.Name))}; " +
                    $"data providers: {Names(discovery.Providers.Select(p => p.Name))}; actions: {Names(discovery.Actions.Select(a => a.Type))}");
            }
            else
            {
                foreach (var error in build.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                Console.Error.WriteLine($"{build.Errors.Count} error(s)");
            }

            return build.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
        });
        command.Subcommands.Add(check);
        return command;
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "(none)";
}
