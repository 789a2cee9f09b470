using System.CommandLine;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise parse FILE</c>: prints the normalized definition (defaults filled in, each expression as its parsed
/// tree) as JSON, the view of a file the engine works from.
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var file = CommandArguments.WorkflowFile();
        var workflows = CommonOptions.Workflows();
        var output = CommonOptions.Output("json");
        var command = new Command("parse", "Print a workflow's normalized definition with each expression's syntax tree, as JSON")
        {
            file,
            workflows,
            output,
        };
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(
            parseResult.GetRequiredValue(file),
            parseResult.GetValue(workflows),
            cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(string file, DirectoryInfo? workflowsFolder, CancellationToken cancellationToken)
    {
        var actions = BuiltInActions.CreateRegistry();
        var (workflows, folderError) = await WorkflowSource.LoadFolderAsync(workflowsFolder, actions, cancellationToken);
        if (folderError is not null)
        {
            await Console.Error.WriteLineAsync($"stepwise: {folderError}");
            return ExitCodes.Usage;
        }

        var result = await WorkflowSource.LoadAsync(file, actions, workflows, cancellationToken);
        foreach (var diagnostic in result.Diagnostics)
        {
            await Console.Error.WriteLineAsync(DiagnosticText.Format(diagnostic, file));
        }

        if (result.Definition is null)
        {
            return ExitCodes.Failed;
        }

        JsonOutput.Write(Console.Out, DefinitionJson.ToJson(result.Definition, result.OutputType));
        return ExitCodes.Success;
    }
}
