using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Workspace;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>workspace check [DIR]</c>: compiles a workspace of .cs files as the server would, applies the import rule and
/// discovers its workflows, data providers and actions, for CI in user repositories. Exit 0 when it builds, 1 with
/// every error as <c>file:line:col: error ID: message</c> when it does not, 2 for a folder that does not exist (or, with
/// <c>--protect</c>, when git cannot tell what changed), 3 when a change touches protected paths and its author is not
/// allowed to.
/// </summary>
internal static class WorkspaceCommand
{
    public static Command Create()
    {
        var command = new Command("workspace", "Work with a workspace of code workflows (.cs files)");
        var folder = new Argument<string>("DIR") { Description = "The workspace folder (default: the current folder)", DefaultValueFactory = _ => "." };
        var output = CommonOptions.Output();
        var protect = new Option<string[]>("--protect")
        {
            Description = "Fail (exit 3) when the change since --base touches these paths (git pathspecs), unless its author is allowed",
            HelpName = "PATH",
            AllowMultipleArgumentsPerToken = true,
        };
        var allowAuthor = new Option<string[]>("--allow-author")
        {
            Description = "Authors (git email or name, or the GITHUB_ACTOR) who may change protected paths",
            HelpName = "AUTHOR",
            AllowMultipleArgumentsPerToken = true,
        };
        var baseRef = new Option<string>("--base")
        {
            Description = "With --protect: the git revision the change is compared with (default origin/main)",
            HelpName = "REF",
            DefaultValueFactory = _ => "origin/main",
        };
        var check = new Command("check", "Compile the workspace, apply the import rule and list what it defines; exit 1 on any error")
        {
            folder, output, protect, allowAuthor, baseRef,
        };
        check.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(folder)!;
            if (!Directory.Exists(path))
            {
                await Console.Error.WriteLineAsync($"Workspace folder '{path}' not found");
                return ExitCodes.Usage;
            }

            CompileResult build;
            try
            {
                build = WorkspaceCompiler.Compile(WorkspaceSources.Read(path), new HashSet<string>());
            }
            catch (WorkspaceException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
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
                await Console.Out.WriteLineAsync(
                    $"ok: {build.Sources.Files.Count} files, workflows: {Names(discovery!.Workflows.Select(w => w.Name))}; " +
                    $"data providers: {Names(discovery.Providers.Select(p => p.Name))}; actions: {Names(discovery.Actions.Select(a => a.Type))}");
            }
            else
            {
                foreach (var error in build.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                await Console.Error.WriteLineAsync($"{build.Errors.Count} error(s)");
            }

            if (!build.Succeeded)
            {
                return ExitCodes.Failed;
            }

            var paths = parseResult.GetValue(protect) ?? [];
            if (paths.Length == 0)
            {
                return ExitCodes.Success;
            }

            var (violations, gitError) = await ProtectedPaths.CheckAsync(
                path, parseResult.GetValue(baseRef)!, paths, parseResult.GetValue(allowAuthor) ?? [],
                Environment.GetEnvironmentVariable("GITHUB_ACTOR"), cancellationToken);
            if (gitError is not null)
            {
                await Console.Error.WriteLineAsync($"stepwise: {gitError}");
                return ExitCodes.Usage;
            }

            foreach (var violation in violations!)
            {
                await Console.Error.WriteLineAsync(
                    $"protected: commit {violation.Commit[..Math.Min(12, violation.Commit.Length)]} by {violation.Author} changes " +
                    $"{string.Join(", ", violation.Files)}, and that author is not in --allow-author");
            }

            return violations.Count == 0 ? ExitCodes.Success : ProtectedChanged;
        });
        command.Subcommands.Add(check);
        return command;
    }

    /// <summary>The exit code of a change to protected paths by an author who may not make it.</summary>
    public const int ProtectedChanged = 3;

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "(none)";
}
