namespace Stepwise.Cli.Doctor;

/// <summary>
/// The data folder: there and writable by this user, with room left on its disk, and its key files readable by
/// their owner only (0600): a master key others can read opens every organization's secrets.
/// </summary>
internal sealed class DataFolderCheck : IDoctorCheck
{
    public const string Name = "data folder";
    public const string DiskName = "disk space";

    /// <summary>Below this much free space a warning: the log, the SQLite store and its WAL keep growing.</summary>
    public const long WarnBelowBytes = 1024L * 1024 * 1024;

    /// <summary>Below this much the store's writes are about to fail.</summary>
    public const long FailBelowBytes = 100L * 1024 * 1024;

    private static readonly string[] KeyFiles = [MasterKeyFile.FileName, JwtKeyFile.FileName, InitialAdminKeyFile.FileName];

    private const UnixFileMode OthersAndGroup =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return Task.FromResult<IReadOnlyList<DoctorFinding>>([DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)")]);
        }

        return Task.FromResult(Check(Path.GetFullPath(node.Options.DataDirectory)));
    }

    public static IReadOnlyList<DoctorFinding> Check(string folder)
    {
        if (File.Exists(folder))
        {
            return [DoctorFinding.Fail(Name, $"'{folder}' is a file, not a folder", "point --data / STEPWISE_DATA at a folder")];
        }

        if (!Directory.Exists(folder))
        {
            var parent = Path.GetDirectoryName(folder);
            return parent is not null && Directory.Exists(parent) && Writable(parent) is null
                ? [DoctorFinding.Warn(Name, $"'{folder}' does not exist yet", "'stepwise serve' creates it at first start; check --data / STEPWISE_DATA if one should be there")]
                : [DoctorFinding.Fail(Name, $"'{folder}' does not exist and cannot be created here", "create it (mkdir -p) as the user the server runs as, or choose another with --data")];
        }

        var findings = new List<DoctorFinding>();
        findings.Add(Writable(folder) is { } problem
            ? DoctorFinding.Fail(Name, $"'{folder}' is not writable by this user: {problem}", "chown the folder to the user the server runs as (and chmod u+rwx)")
            : DoctorFinding.Ok(Name, $"'{folder}' is writable"));
        foreach (var name in KeyFiles)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path) || OperatingSystem.IsWindows())
            {
                continue;
            }

            var mode = File.GetUnixFileMode(path);
            findings.Add((mode & OthersAndGroup) != 0
                ? DoctorFinding.Fail(Name, $"the key file '{path}' has mode {Octal(mode)}: users other than its owner can read it", $"chmod 600 '{path}'")
                : DoctorFinding.Ok(Name, $"the key file '{path}' has mode {Octal(mode)}"));
        }

        findings.Add(Disk(folder));
        return findings;
    }

    private static DoctorFinding Disk(string folder)
    {
        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return DoctorFinding.Skip(DiskName, $"cannot read the free space of '{folder}': {exception.Message}");
        }

        var text = $"{free / (1024 * 1024)} MB free on the disk of '{folder}'";
        return free < FailBelowBytes
            ? DoctorFinding.Fail(DiskName, text, "free space now: writes to the store fail when the disk is full (docs/operations.md#retention-and-disk-space)")
            : free < WarnBelowBytes
                ? DoctorFinding.Warn(DiskName, text, "free space or purge old runs (a shorter STEPWISE_RETENTION, or stepwise jobs purge)")
                : DoctorFinding.Ok(DiskName, text);
    }

    /// <summary>Null when a file can be created in <paramref name="folder"/>, else why not.</summary>
    private static string? Writable(string folder)
    {
        var probe = Path.Combine(folder, $".stepwise-doctor-{Guid.NewGuid():n}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return exception.Message;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
