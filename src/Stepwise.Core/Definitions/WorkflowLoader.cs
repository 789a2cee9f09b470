using System.Text;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions.Parsing;
using Stepwise.Core.Definitions.Validation;
using Stepwise.Core.Diagnostics;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions;

/// <summary>
/// Loads a workflow from YAML or JSON text: parses it (with positions), validates everything, and compiles its
/// expressions once. Never throws for bad input; every problem comes back as a diagnostic with file:line:col.
/// </summary>
public static class WorkflowLoader
{
    /// <param name="text">The document.</param>
    /// <param name="path">The file name for messages; its extension (.yaml, .yml, .json) picks the format, else the content does.</param>
    /// <param name="actions">The actions nodes may use.</param>
    /// <param name="workflows">
    /// The other workflows of the organization, when known: then an unknown child workflow is an error rather than a
    /// warning, and child output types are checked.
    /// </param>
    public static LoadResult Load(string text, string? path, ActionRegistry actions, IWorkflowCatalog? workflows = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(actions);
        var document = DocumentReader.Read(text, path, out var error);
        return document is null
            ? new LoadResult(null, [error!], null, DataType.Any)
            : WorkflowValidator.Validate(document, actions, workflows);
    }

    /// <summary>Reads and loads a file; unreadable or oversized files give a diagnostic, not an exception.</summary>
    public static async Task<LoadResult> LoadFileAsync(
        string path,
        ActionRegistry actions,
        IWorkflowCatalog? workflows = null,
        CancellationToken cancellationToken = default)
    {
        var (text, error) = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        return text is null ? new LoadResult(null, [error!], null, DataType.Any) : Load(text, path, actions, workflows);
    }

    internal static async Task<(string? Text, Diagnostic? Error)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var location = new SourceLocation(path, 0, 0);
        try
        {
            var size = new FileInfo(path).Length;
            if (size > DocumentLimits.MaxDocumentBytes)
            {
                return (null, Diagnostic.Error(DocumentReader.TooLarge(size), location));
            }

            return (await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return (null, Diagnostic.Error($"cannot read the file: {exception.Message}", location));
        }
    }
}
