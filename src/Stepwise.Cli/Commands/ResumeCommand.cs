using System.CommandLine;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise resume [EXECUTION_ID] --db PATH</c>: continues runs whose process stopped before they finished
/// (completed steps are not run again), one after another, printing each one's outcome.
/// </summary>
internal static class ResumeCommand
{
    private const int MaxRuns = 10_000;
    private static readonly TimeSpan ClaimRetryInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var executionId = new Argument<string?>("EXECUTION_ID")
        {
            Description = "The run to continue; without it, every unfinished run in the database",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var database = CommonOptions.Database();
        database.Description = "SQLite database file of the runs to continue (must exist)";
        database.Required = true;
        database.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !File.Exists(result.Tokens[0].Value))
            {
                result.AddError($"Database not found: '{result.Tokens[0].Value}'.");
            }
        });
        var command = new Command("resume", "Continue runs of a database that stopped before finishing (e.g. after a crash)")
        {
            executionId,
            database,
        };
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(
            parseResult.GetValue(executionId), parseResult.GetRequiredValue(database)!, cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(string? executionId, FileInfo database, CancellationToken cancellationToken)
    {
        if (!EngineSettings.TryRead(out var options, out var settingsError))
        {
            await Console.Error.WriteLineAsync($"stepwise: {settingsError}");
            return ExitCodes.Usage;
        }

        var actions = BuiltInActions.CreateRegistry();
        var progress = RunProgressFactory.ForStandardError();
        var (host, openError) = await EmbeddedEngine.OpenAsync(database, actions, options, progress, cancellationToken);
        if (host is null)
        {
            await Console.Error.WriteLineAsync($"stepwise: {openError}");
            return ExitCodes.Failed;
        }

        await using (host)
        {
            IReadOnlyList<string> ids;
            if (executionId is not null)
            {
                ids = [executionId];
            }
            else
            {
                // Runs held by a process that died keep their lease until it expires, so look one lease ahead;
                // sub-workflow runs are resumed by their parents.
                var horizon = TimeProvider.System.GetUtcNow() + options.LeaseDuration;
                var unfinished = await host.Executions.ListResumableAsync(horizon, MaxRuns, cancellationToken);
                ids = [.. unfinished.Where(e => e.ParentExecutionId is null).Select(e => e.Id)];
                if (ids.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"no unfinished runs in {database}");
                    return ExitCodes.Success;
                }
            }

            var exitCode = ExitCodes.Success;
            foreach (var id in ids)
            {
                var code = await ResumeOneAsync(host, id, options.LeaseDuration, cancellationToken);
                if (code == ExitCodes.Cancelled)
                {
                    return code;
                }

                exitCode = Math.Max(exitCode, code);
            }

            return exitCode;
        }
    }

    private static async Task<int> ResumeOneAsync(
        EmbeddedEngine host, string executionId, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var existing = await host.Executions.GetExecutionAsync(executionId, cancellationToken);
        if (existing is null)
        {
            await Console.Error.WriteLineAsync($"stepwise: execution '{executionId}' not found in this database");
            return ExitCodes.Failed;
        }

        if (existing.IsFinished)
        {
            await Console.Error.WriteLineAsync($"execution {executionId}: had already finished");
            return RunOutcome.Report(existing, showId: true);
        }

        await Console.Error.WriteLineAsync($"execution {executionId}: resuming {existing.Workflow} (version {existing.Version})");
        if (await host.PrepareAsync(existing, cancellationToken) is { } notReady)
        {
            await Console.Error.WriteLineAsync($"stepwise: execution {executionId} cannot resume: {notReady}");
            return ExitCodes.Failed;
        }

        host.Journal.Watch(executionId);
        using var interruption = new Interruption();
        interruption.OnFirstSignal(() => host.Engine.RequestCancel(executionId));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interruption.Abort);
        try
        {
            var execution = await host.Journal.Progress.ShowWhileAsync(ClaimAndRunAsync(host, executionId, leaseDuration, stop.Token));
            return RunOutcome.Report(execution, showId: true);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"stepwise: interrupted; execution {executionId} can be resumed again");
            return ExitCodes.Cancelled;
        }
        catch (StorageException exception)
        {
            await Console.Error.WriteLineAsync($"stepwise: execution {executionId} could not be recorded: {exception.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// Runs the execution once its lease is free. The lease of a process that died runs out within one lease
    /// duration; a run still held after that belongs to a live process, and is left alone.
    /// </summary>
    private static async Task<ExecutionRecord> ClaimAndRunAsync(
        EmbeddedEngine host, string executionId, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + leaseDuration + ClaimRetryInterval;
        while (true)
        {
            var execution = await host.Engine.RunExecutionAsync(executionId, cancellationToken)
                ?? throw new InvalidOperationException($"execution '{executionId}' disappeared from the database");
            if (execution.IsFinished || TimeProvider.System.GetUtcNow() > deadline)
            {
                return execution;
            }

            await Task.Delay(ClaimRetryInterval, TimeProvider.System, cancellationToken);
        }
    }
}
