using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise run FILE</c>: validates a workflow and its params, runs it in this process (durably with
/// <c>--db</c>), shows progress on stderr and prints the output on stdout.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = CommandArguments.WorkflowFileOrName();
        var workspace = new Option<DirectoryInfo?>("--workspace")
        {
            Description = "A workspace of code workflows (.cs files): FILE is then the name of one of its workflows",
            HelpName = "DIR",
        };
        var input = new Option<string?>("--input", "-i")
        {
            Description = "The params as a JSON object, e.g. '{\"name\":\"Ada\"}'",
            HelpName = "JSON",
        };
        var inputFile = new Option<string?>("--input-file")
        {
            Description = "Read the params from a JSON file ('-' for stdin)",
            HelpName = "PATH",
        };
        var workflows = CommonOptions.Workflows();
        var database = CommonOptions.Database();
        var command = new Command("run", "Run a workflow in this process and print its output as JSON")
        {
            file,
            input,
            inputFile,
            workflows,
            workspace,
            database,
        };
        command.Validators.Add(result =>
        {
            var target = result.GetValue(file);
            if (result.GetValue(workspace) is { } folder)
            {
                if (!folder.Exists)
                {
                    result.AddError($"Folder not found: '{folder}' (given to --workspace).");
                }
            }
            else if (target is not null && CommandArguments.FileError(target) is { } error)
            {
                result.AddError(error);
            }
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new RunRequest(
                parseResult.GetRequiredValue(file),
                parseResult.GetValue(input),
                parseResult.GetValue(inputFile),
                parseResult.GetValue(workflows),
                parseResult.GetValue(database),
                parseResult.GetValue(workspace));
            return request.Workspace is not null || request.File.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
                ? ExecuteCodeAsync(request, cancellationToken)
                : ExecuteAsync(request, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        if (!RunInput.TryRead(request.Input, request.InputFile, out var input, out var inputError)
            || !EngineSettings.TryRead(out var options, out inputError))
        {
            await Console.Error.WriteLineAsync($"stepwise: {inputError}");
            return ExitCodes.Usage;
        }

        var actions = BuiltInActions.CreateRegistry();
        var (folder, folderError) = await WorkflowSource.LoadFolderAsync(request.Workflows, actions, cancellationToken);
        if (folderError is not null)
        {
            await Console.Error.WriteLineAsync($"stepwise: {folderError}");
            return ExitCodes.Usage;
        }

        foreach (var member in folder?.Files.Where(f => !f.Result.Succeeded) ?? [])
        {
            await Console.Error.WriteLineAsync(
                $"{member.Path}: warning: not available as a sub-workflow: it has errors (see 'stepwise validate {member.Path}')");
        }

        var (loaded, source) = await WorkflowSource.LoadWithSourceAsync(request.File, actions, folder, cancellationToken);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            await Console.Error.WriteLineAsync(DiagnosticText.Format(diagnostic, request.File));
        }

        if (loaded.Definition is not { } definition || source is null)
        {
            return ExitCodes.Failed;
        }

        var parameters = ParamValidator.Validate(definition.Params, input);
        if (!parameters.IsValid)
        {
            foreach (var error in parameters.Errors)
            {
                await Console.Error.WriteLineAsync($"stepwise: {error}");
            }

            return ExitCodes.Failed;
        }

        var progress = RunProgressFactory.ForStandardError();
        var (host, openError) = await EmbeddedEngine.OpenAsync(request.Database, actions, options, progress, cancellationToken);
        if (host is null)
        {
            await Console.Error.WriteLineAsync($"stepwise: {openError}");
            return ExitCodes.Failed;
        }

        await using (host)
        {
            var version = await SaveSourcesAsync(host, source, definition, folder, cancellationToken);
            return await RunAsync(host, definition, version, parameters.Values, cancellationToken);
        }
    }

    private static async Task<int> RunAsync(
        EmbeddedEngine host, WorkflowDefinition definition, int version, JsonObject parameters, CancellationToken cancellationToken)
    {
        var executionId = SortableIds.Next(TimeProvider.System.GetUtcNow());
        host.Journal.Watch(executionId);
        if (host.IsDurable)
        {
            await Console.Error.WriteLineAsync($"execution {executionId}");
        }

        using var interruption = new Interruption();
        interruption.OnFirstSignal(() => host.Engine.RequestCancel(executionId));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interruption.Abort);
        try
        {
            var run = host.Engine.RunAsync(definition, version, parameters, new RunOptions { ExecutionId = executionId }, stop.Token);
            var execution = await host.Journal.Progress.ShowWhileAsync(run);
            return RunOutcome.Report(execution, showId: false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var hint = host.IsDurable ? "; continue it with 'stepwise resume " + executionId + " --db ...'" : string.Empty;
            await Console.Error.WriteLineAsync($"stepwise: interrupted{hint}");
            return ExitCodes.Cancelled;
        }
        catch (StorageException exception)
        {
            await Console.Error.WriteLineAsync($"stepwise: the run could not be recorded: {exception.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// Saves the workflows of the <c>--workflows</c> folder, then the run's own file, so sub-workflows resolve by
    /// name and a resumed run finds the versions it started with. Returns the run's version.
    /// </summary>
    private static async Task<int> SaveSourcesAsync(
        EmbeddedEngine host, string source, WorkflowDefinition definition, WorkflowSet? folder, CancellationToken cancellationToken)
    {
        foreach (var member in folder?.Files ?? [])
        {
            if (member.Result.Definition is { } child && child.Name != definition.Name)
            {
                await host.SaveAsync(child.Name, await File.ReadAllTextAsync(member.Path, cancellationToken), cancellationToken);
            }
        }

        return await host.SaveAsync(definition.Name, source, cancellationToken);
    }

    /// <summary>
    /// <c>run FILE.cs</c> (the folder of the file is the workspace; the workflow is the one the file defines) or
    /// <c>run NAME --workspace DIR</c>: compiles the workspace as the server would and runs the code workflow here.
    /// </summary>
    private static async Task<int> ExecuteCodeAsync(RunRequest request, CancellationToken cancellationToken)
    {
        if (!RunInput.TryRead(request.Input, request.InputFile, out var input, out var inputError)
            || !EngineSettings.TryRead(out var options, out inputError))
        {
            await Console.Error.WriteLineAsync($"stepwise: {inputError}");
            return ExitCodes.Usage;
        }

        var folder = request.Workspace?.FullName ?? Path.GetDirectoryName(Path.GetFullPath(request.File))!;
        var progress = RunProgressFactory.ForStandardError();
        var actions = BuiltInActions.CreateRegistry();
        var (host, openError) = await EmbeddedEngine.OpenAsync(request.Database, actions, options, progress, cancellationToken, folder);
        if (host is null)
        {
            await Console.Error.WriteLineAsync($"stepwise: {openError}");
            return ExitCodes.Failed;
        }

        await using (host)
        {
            var status = await host.Workspace.BuildAsync(cancellationToken);
            foreach (var error in status.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString());
            }

            if (status.Errors.Count > 0 || host.Workspace.Current is not { } version)
            {
                await Console.Error.WriteLineAsync($"stepwise: the workspace {folder} does not build ({status.Errors.Count} error(s))");
                return ExitCodes.Failed;
            }

            var (definition, choiceError) = Choose(version, request);
            if (definition is null)
            {
                await Console.Error.WriteLineAsync($"stepwise: {choiceError}");
                return ExitCodes.Failed;
            }

            var parameters = ParamValidator.Validate(definition.Params, input);
            if (!parameters.IsValid)
            {
                foreach (var error in parameters.Errors)
                {
                    await Console.Error.WriteLineAsync($"stepwise: {error}");
                }

                return ExitCodes.Failed;
            }

            var number = await host.SaveWorkspaceAsync(version, definition.Name, cancellationToken);
            return await RunAsync(host, definition, number, parameters.Values, cancellationToken);
        }
    }

    private static (WorkflowDefinition? Definition, string? Error) Choose(Workspace.WorkspaceVersion version, RunRequest request)
    {
        if (request.Workspace is not null)
        {
            return version.Workflows.TryGetValue(request.File, out var named)
                ? (named, null)
                : (null, $"Workflow '{request.File}' not found in the workspace {request.Workspace}; it has: {Names(version.Workflows.Keys)}");
        }

        var file = Path.GetFileName(request.File);
        var defined = version.Workflows.Values
            .Where(w => string.Equals(Path.GetFileName(w.SourcePath), file, StringComparison.Ordinal))
            .ToList();
        return defined.Count switch
        {
            1 => (defined[0], null),
            0 => (null, $"{file} defines no [Workflow] method (the workspace has: {Names(version.Workflows.Keys)})"),
            _ => (null, $"{file} defines several workflows ({Names(defined.Select(w => w.Name))}); run one by name: " +
                $"stepwise run NAME --workspace {(Path.GetDirectoryName(request.File) is { Length: > 0 } dir ? dir : ".")}"),
        };
    }

    private static string Names(IEnumerable<string> names) =>
        names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : "(none)";

    private sealed record RunRequest(
        string File, string? Input, string? InputFile, DirectoryInfo? Workflows, FileInfo? Database, DirectoryInfo? Workspace);
}
