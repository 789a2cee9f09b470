using System.CommandLine;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise validate FILE...</c>: checks workflow files without running them.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = CommandArguments.WorkflowFiles();
        var workflows = CommonOptions.Workflows();
        var output = CommonOptions.Output();
        var command = new Command("validate", "Check workflow files (structure, graph, expressions) without running them")
        {
            files,
            workflows,
            output,
        };
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(
            parseResult.GetRequiredValue(files),
            parseResult.GetValue(workflows),
            CommonOptions.ToFormat(parseResult.GetValue(output)),
            cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(
        string[] files, DirectoryInfo? workflowsFolder, OutputFormat format, CancellationToken cancellationToken)
    {
        var actions = BuiltInActions.CreateRegistry();
        var (workflows, folderError) = await WorkflowSource.LoadFolderAsync(workflowsFolder, actions, cancellationToken);
        if (folderError is not null)
        {
            await Console.Error.WriteLineAsync($"stepwise: {folderError}");
            return ExitCodes.Usage;
        }

        // Files validated together know each other: a parent's child among them is checked, not warned about.
        if (workflows is null && files.Length > 1)
        {
            workflows = await WorkflowSet.LoadFilesAsync(files, actions, cancellationToken);
        }

        var reports = new List<FileReport>(files.Length);
        foreach (var file in files)
        {
            var result = await WorkflowSource.LoadAsync(file, actions, workflows, cancellationToken);
            reports.Add(new FileReport(
                file,
                result.Succeeded,
                [.. result.Diagnostics.Select(d => DiagnosticReport.From(d, file))]));
            if (format == OutputFormat.Text)
            {
                DiagnosticText.WriteFileResult(Console.Out, file, result);
            }
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(Console.Out, reports, CliJsonContext.Readable.IReadOnlyListFileReport);
        }

        return reports.TrueForAll(r => r.Valid) ? ExitCodes.Success : ExitCodes.Failed;
    }
}
