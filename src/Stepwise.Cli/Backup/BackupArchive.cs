using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Backup;

/// <summary>
/// The backup file: a tar archive (any tar lists and extracts it) of <c>manifest.json</c>, the database (a SQLite
/// file or a pg_dump dump) and the key files the node keeps in its data folder. It holds the store's data and, unless
/// made with <c>--exclude-keys</c>, the keys that open its secrets, so it is written readable by its owner only
/// (0600), through a temporary file renamed into place: an interrupted backup leaves no half archive under the name.
/// </summary>
internal static class BackupArchive
{
    public const string SqliteFile = "stepwise.db";
    public const string PostgresFile = "stepwise.pgdump";

    private static readonly string[] KnownNames =
        [BackupManifest.FileName, SqliteFile, PostgresFile, MasterKeyFile.FileName, JwtKeyFile.FileName];

    /// <summary>The size and SHA-256 of a file about to go into an archive.</summary>
    public static async Task<BackupEntry> DescribeAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream)
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken);
            return new BackupEntry(Path.GetFileName(path), stream.Length, Convert.ToHexStringLower(hash));
        }
    }

    /// <summary>Writes the manifest and its files (all in <paramref name="folder"/>) to <paramref name="archivePath"/>.</summary>
    public static async Task WriteAsync(string archivePath, BackupManifest manifest, string folder, CancellationToken cancellationToken)
    {
        var temporary = archivePath + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            var stream = new FileStream(temporary, options);
            await using (stream)
            {
                var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
                await using (writer)
                {
                    using var text = new MemoryStream(Encoding.UTF8.GetBytes(JsonOutput.Format(manifest.ToJson()) + "\n"));
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.FileName)
                    {
                        DataStream = text,
                        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                        ModificationTime = manifest.CreatedAt,
                    };
                    await writer.WriteEntryAsync(entry, cancellationToken);
                    foreach (var file in manifest.Files)
                    {
                        await writer.WriteEntryAsync(Path.Combine(folder, file.Name), file.Name, cancellationToken);
                    }
                }

                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, archivePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Extracts <paramref name="archivePath"/> into <paramref name="folder"/> and checks every file against the
    /// manifest; throws <see cref="BackupException"/> for anything that is not an intact stepwise backup.
    /// </summary>
    public static async Task<BackupManifest> ExtractAsync(string archivePath, string folder, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            throw new BackupException($"backup not found: '{archivePath}'.");
        }

        string? manifestText = null;
        try
        {
            var stream = File.OpenRead(archivePath);
            await using (stream)
            {
                var reader = new TarReader(stream);
                await using (reader)
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                    {
                        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                            || !KnownNames.Contains(entry.Name, StringComparer.Ordinal))
                        {
                            // Only the known flat names are extracted: an archive cannot write outside the folder.
                            continue;
                        }

                        if (entry.Name == BackupManifest.FileName)
                        {
                            using var text = new StreamReader(
                                entry.DataStream ?? Stream.Null, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
                            manifestText = await text.ReadToEndAsync(cancellationToken);
                        }
                        else
                        {
                            await entry.ExtractToFileAsync(Path.Combine(folder, entry.Name), overwrite: true, cancellationToken);
                        }
                    }
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new BackupException(
                $"'{archivePath}' is not a stepwise backup (it cannot be read as a tar archive: {exception.Message}).");
        }

        if (manifestText is null)
        {
            throw new BackupException(
                $"'{archivePath}' is not a stepwise backup (it has no {BackupManifest.FileName}): make one with 'stepwise db backup FILE'.");
        }

        var manifest = BackupManifest.Parse(manifestText, archivePath);
        foreach (var expected in manifest.Files)
        {
            var path = Path.Combine(folder, expected.Name);
            var actual = File.Exists(path) ? await DescribeAsync(path, cancellationToken) : null;
            if (actual is null || actual.Bytes != expected.Bytes || actual.Sha256 != expected.Sha256)
            {
                throw new BackupException(
                    $"the backup '{archivePath}' is damaged: {expected.Name} " +
                    (actual is null ? "is missing" : "does not match its size and SHA-256 in the manifest") +
                    " (the file was changed or cut short after the backup was made). Use another backup.");
            }
        }

        if (!manifest.Holds(manifest.DatabaseFile))
        {
            throw new BackupException($"the backup '{archivePath}' is damaged: it holds no {manifest.DatabaseFile}.");
        }

        return manifest;
    }
}
