using System.IO.Enumeration;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Triggers;

/// <summary>
/// One folder to watch: which workflow to run for which files and events. <see cref="Pattern"/> is a file name
/// pattern with <c>*</c> and <c>?</c> (like <c>*.csv</c>), matched case-sensitively on Linux as the file system is.
/// </summary>
public sealed record FileWatch(FileWatchKey Key, string Folder, string Pattern, FileWatchEvents Events)
{
    /// <summary>
    /// The watch of the trigger at <paramref name="index"/> of a workflow; a relative trigger path is resolved
    /// against <paramref name="baseFolder"/> (the host's working or data folder).
    /// </summary>
    public static FileWatch FromTrigger(string orgId, string workflow, int index, FileWatchTrigger trigger, string baseFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orgId);
        ArgumentException.ThrowIfNullOrWhiteSpace(workflow);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseFolder);
        if (string.IsNullOrWhiteSpace(trigger.Path))
        {
            throw new ArgumentException($"Trigger {index} of workflow '{workflow}': path must name a folder, got ''", nameof(trigger));
        }

        if (trigger.Pattern.Length == 0 || trigger.Pattern.IndexOfAny(['/', '\\']) >= 0)
        {
            throw new ArgumentException(
                $"Trigger {index} of workflow '{workflow}': pattern must be a file name pattern like *.csv, got '{trigger.Pattern}'",
                nameof(trigger));
        }

        if (trigger.Events == FileWatchEvents.None)
        {
            throw new ArgumentException(
                $"Trigger {index} of workflow '{workflow}': events must list at least one of created, changed, deleted", nameof(trigger));
        }

        string folder;
        try
        {
            folder = Path.GetFullPath(trigger.Path, Path.GetFullPath(baseFolder));
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException(
                $"Trigger {index} of workflow '{workflow}': path '{trigger.Path}' is not a usable folder path: {exception.Message}",
                nameof(trigger), exception);
        }

        var key = new FileWatchKey(orgId, workflow, $"{index}: {trigger.Path} {trigger.Pattern}");
        return new FileWatch(key, folder, trigger.Pattern, trigger.Events);
    }

    /// <summary>The watches of every file-watch trigger of <paramref name="definition"/>, in trigger order.</summary>
    public static IReadOnlyList<FileWatch> FromDefinition(string orgId, WorkflowDefinition definition, string baseFolder)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var watches = new List<FileWatch>();
        for (var index = 0; index < definition.Triggers.Count; index++)
        {
            if (definition.Triggers[index] is FileWatchTrigger trigger)
            {
                watches.Add(FromTrigger(orgId, definition.Name, index, trigger, baseFolder));
            }
        }

        return watches;
    }

    /// <summary>Whether a file name (no folder) matches <see cref="Pattern"/>.</summary>
    public bool Matches(string fileName) =>
        FileSystemName.MatchesSimpleExpression(Pattern, fileName, ignoreCase: !OperatingSystem.IsLinux());
}
