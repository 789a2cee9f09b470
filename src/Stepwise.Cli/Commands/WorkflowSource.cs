using System.Text;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Diagnostics;
using Stepwise.Sdk;

namespace Stepwise.Cli.Commands;

/// <summary>
/// Loads the workflow files named on the command line: reads them (an unreadable file becomes a diagnostic naming
/// it), then validates each against the <c>--workflows</c> folder when one is given.
/// </summary>
internal static class WorkflowSource
{
    public static async Task<LoadResult> LoadAsync(
        string path, ActionRegistry actions, WorkflowSet? workflows, CancellationToken cancellationToken) =>
        (await LoadWithSourceAsync(path, actions, workflows, cancellationToken)).Result;

    /// <summary>Loads a file and keeps the text it was loaded from (null when it could not be read).</summary>
    public static async Task<(LoadResult Result, string? Text)> LoadWithSourceAsync(
        string path, ActionRegistry actions, WorkflowSet? workflows, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var problem = exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                UnauthorizedAccessException => "permission denied",
                _ => "cannot read the file: " + exception.Message,
            };
            return (new LoadResult(null, [Diagnostic.Error(problem, new SourceLocation(path, 0, 0))], null, DataType.Any), null);
        }

        return (workflows is null ? WorkflowLoader.Load(text, path, actions) : workflows.Load(text, path), text);
    }

    /// <summary>Loads the <c>--workflows</c> folder; null with a message when it cannot be read.</summary>
    public static async Task<(WorkflowSet? Set, string? Error)> LoadFolderAsync(
        DirectoryInfo? folder, ActionRegistry actions, CancellationToken cancellationToken)
    {
        if (folder is null)
        {
            return (null, null);
        }

        var set = await WorkflowSet.LoadFolderAsync(folder.ToString(), actions, cancellationToken);
        return set.Diagnostics.Count == 0
            ? (set, null)
            : (null, string.Join(Environment.NewLine, set.Diagnostics.Select(d => $"{folder}: {d.Message}")));
    }
}
