using System.Text;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// The generated key file in the data folder (<c>master.key</c>): one base64 key per line, the current key first and
/// keys of an unfinished rotation after it. Created readable by its owner only (0600) on Unix; written by replacing
/// the file, so a crash leaves the old file or the new one, never half of one.
/// </summary>
internal static class MasterKeyFile
{
    public const string FileName = "master.key";

    public static string PathIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, FileName));

    /// <summary>Reads the keys, creating the file with a new key when there is none.</summary>
    public static IReadOnlyList<MasterKey> LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var key = MasterKey.Generate();
            Write(path, [key]);
            return [key];
        }

        var keys = new List<MasterKey>();
        var lineNumber = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            keys.Add(MasterKey.Parse(line, out var problem)
                ?? throw new ServerConfigurationException($"The master key file {path}: line {lineNumber} {problem}."));
        }

        return keys.Count > 0
            ? keys
            : throw new ServerConfigurationException(
                $"The master key file {path} holds no key; restore it from a backup (without it no secret can be read).");
    }

    public static void Write(string path, IReadOnlyList<MasterKey> keys)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        var text = new StringBuilder();
        foreach (var key in keys)
        {
            text.Append(key.ToBase64()).Append('\n');
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            // UnixCreateMode applies only to a new file; a leftover temporary file gets its mode set here.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            stream.Write(Encoding.ASCII.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
