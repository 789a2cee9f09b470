namespace Stepwise.Cli.Backup;

/// <summary>
/// A working folder for a backup or restore beside its destination (so the final rename stays on one file system
/// and a large database needs no room in /tmp), readable by its owner only since it holds the store and its keys.
/// </summary>
internal static class Staging
{
    public static DirectoryInfo Create(string besideFolder, string purpose)
    {
        var path = Path.Combine(besideFolder, $".stepwise-{purpose}-{Guid.NewGuid():N}");
        return OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
