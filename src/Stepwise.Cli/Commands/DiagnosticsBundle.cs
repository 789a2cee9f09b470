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

    public async Task WriteAsync(string path, DateTimeOffset modified, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
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
