using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The files of a diagnostics bundle, written as one .tar.gz. Every text is scrubbed of the API key it was fetched
/// with, so the bundle can be shared even if a server echoed the key somewhere.
/// </summary>
internal sealed class DiagnosticsBundle(string apiKey)
{
    private const string Masked = "***";

    /// <summary>How many bundles of one second get a name of their own before the name is given up on.</summary>
    private const int MaxAttempts = 1000;

    private readonly List<(string Name, string Text)> _files = [];
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Add(string name, string text) =>
        _files.Add((name, apiKey.Length == 0 ? text : text.Replace(apiKey, Masked, StringComparison.Ordinal)));

    /// <summary>Adds the answer of GET <paramref name="path"/>, or <c>NAME.error.txt</c> naming why it failed.</summary>
    public async Task AddFetchedAsync(ServerClient client, string name, string path, CancellationToken cancellationToken)
    {
        var result = await client.GetTextAsync(path, cancellationToken);
        if (result.Text is { } text)
        {
            Add(name, text);
            return;
        }

        var problem = $"{name}: {result.Error}";
        _failures.Add(problem);
        Add($"{name}.error.txt", problem + "\n");
    }

    /// <summary>
    /// Writes <c>NAME.tar.gz</c> into <paramref name="folder"/>, or <c>NAME-2.tar.gz</c>, <c>NAME-3.tar.gz</c>... when
    /// that name is taken (two bundles in the same second): a bundle never replaces another. Returns its path.
    /// </summary>
    public async Task<string> WriteNewAsync(string folder, string name, DateTimeOffset modified, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var path = Path.Combine(folder, attempt == 1 ? $"{name}.tar.gz" : $"{name}-{attempt}.tar.gz");
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            }
            catch (IOException) when (File.Exists(path) && attempt < MaxAttempts)
            {
                continue;
            }

            await using (file)
            {
                await WriteAsync(file, modified, cancellationToken);
            }

            return path;
        }
    }

    private async Task WriteAsync(Stream file, DateTimeOffset modified, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
        foreach (var (name, text) in _files)
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = content,
                ModificationTime = modified,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            };
            await tar.WriteEntryAsync(entry, cancellationToken);
        }
    }
}
