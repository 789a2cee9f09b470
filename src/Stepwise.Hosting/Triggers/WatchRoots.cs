using Stepwise.Core.Triggers;
using Stepwise.Hosting.Configuration;

namespace Stepwise.Hosting.Triggers;

/// <summary>
/// Where file_watch triggers may look: only under the folders of <c>STEPWISE_WATCH_ROOTS</c> (by default the data
/// folder's <c>inbox/</c>), and never at the data folder itself or a folder holding it, whose own writes would
/// trigger the watch for ever. A workflow author otherwise learns the file names of any folder of the server.
/// </summary>
internal static class WatchRoots
{
    /// <summary>Why <paramref name="watch"/> is refused, naming the setting; null when it may watch.</summary>
    public static string? Refusal(FileWatch watch, TriggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(options);
        var folder = Path.TrimEndingDirectorySeparator(watch.Folder);
        var data = Path.TrimEndingDirectorySeparator(options.BaseFolder);
        if (Contains(folder, data))
        {
            return $"file_watch path '{folder}' holds the data folder, whose own files would start runs for ever; watch a folder under {TriggerOptions.WatchRootsKey} ({string.Join(", ", options.WatchRoots)})";
        }

        return options.WatchRoots.Any(root => Contains(root, folder))
            ? null
            : $"file_watch path '{folder}' is outside the folders the server lets workflows watch ({TriggerOptions.WatchRootsKey}: {string.Join(", ", options.WatchRoots)})";
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    public static bool Contains(string folder, string path)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        folder = Path.TrimEndingDirectorySeparator(folder);
        path = Path.TrimEndingDirectorySeparator(path);
        return path.Equals(folder, comparison)
            || (path.StartsWith(folder, comparison) && path.Length > folder.Length
                && (path[folder.Length] == Path.DirectorySeparatorChar || folder.EndsWith(Path.DirectorySeparatorChar)));
    }
}
