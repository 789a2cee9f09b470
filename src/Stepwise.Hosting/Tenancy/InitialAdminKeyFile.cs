using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Tenancy;

/// <summary>
/// <c>&lt;data&gt;/initial-admin.key</c>: the admin key the very first start generated, readable by the owner only
/// (0600), so it survives a start that printed it and then failed (port taken). It is deleted once it is no longer
/// the only way in: when a second platform-admin key exists (checked at every start and by <c>stepwise keys</c>).
/// </summary>
internal static class InitialAdminKeyFile
{
    public const string FileName = "initial-admin.key";

    public static string PathIn(string dataFolder) => Path.Combine(Path.GetFullPath(dataFolder), FileName);

    public static void Write(string dataFolder, string secret)
    {
        var path = PathIn(dataFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(secret);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to a new file; an old file keeps its mode unless it is set again.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Deletes the file when a second platform-admin key (not revoked) exists; true when it deleted it.</summary>
    public static bool DeleteIfSuperseded(string dataFolder, IReadOnlyList<ApiKeyRecord> keys)
    {
        var path = PathIn(dataFolder);
        if (!File.Exists(path) || keys.Count(key => key.IsPlatformAdmin && !key.IsRevoked) < 2)
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>The framed block the first start prints on stderr.</summary>
    public static string Frame(string secret, string path)
    {
        string[] lines =
        [
            $"Admin API key (shown once; only its hash is stored): {secret}",
            string.Empty,
            $"It is also in {path} (owner-only), deleted once a second admin key exists.",
            "Lost it? On the server: stepwise keys create --platform-admin --role admin",
        ];
        var width = lines.Max(line => line.Length) + 2;
        var border = "+" + new string('-', width + 2) + "+";
        return string.Join(Environment.NewLine, [border, .. lines.Select(line => $"|  {line.PadRight(width)}|"), border]) + Environment.NewLine;
    }
}
