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
        var file = CommandArguments.WorkflowFile();
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
            database,
        };
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(
            new RunRequest(
                parseResult.GetRequiredValue(file),
                parseResult.GetValue(input),
                parseResult.GetValue(inputFile),
                parseResult.GetValue(workflows),
                parseResult.GetValue(database)),
            cancellationToken));
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
        var executionId = Guid.CreateVersion7(TimeProvider.System.GetUtcNow()).ToString();
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

    private sealed record RunRequest(string File, string? Input, string? InputFile, DirectoryInfo? Workflows, FileInfo? Database);
}
