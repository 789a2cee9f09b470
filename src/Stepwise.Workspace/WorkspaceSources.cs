using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Workspace;

/// <summary>
/// The .cs files of a workspace folder (sub-folders included, <c>bin</c>, <c>obj</c> and hidden folders left out),
/// sorted by path, with their content hash: the workspace version.
/// </summary>
public sealed class WorkspaceSources
{
    /// <summary>More files than this is refused with a clear error rather than compiled slowly.</summary>
    public const int MaxFiles = 2000;

    /// <summary>A larger file is refused: workspace code is hand-written, not generated data.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private WorkspaceSources(IReadOnlyList<WorkspaceFile> files, string hash)
    {
        Files = files;
        Hash = hash;
    }

    public IReadOnlyList<WorkspaceFile> Files { get; }

    /// <summary>SHA-256 over paths and texts, lower-case hex: identical folders give identical versions.</summary>
    public string Hash { get; }

    public static WorkspaceSources FromFiles(IEnumerable<WorkspaceFile> files)
    {
        var sorted = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in sorted)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file.Path));
            sha.AppendData([0]);
            sha.AppendData(Encoding.UTF8.GetBytes(file.Text));
            sha.AppendData([0]);
        }

        return new WorkspaceSources(sorted, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Reads the folder; a missing folder is an empty workspace. Throws <see cref="WorkspaceException"/> when too large.</summary>
    public static WorkspaceSources Read(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            return FromFiles([]);
        }

        var root = Path.GetFullPath(folder);
        var files = new List<WorkspaceFile>();
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Split('/').SkipLast(1).Any(IsIgnoredFolder))
            {
                continue;
            }

            if (files.Count >= MaxFiles)
            {
                throw new WorkspaceException($"The workspace has more than {MaxFiles} .cs files; split it or remove generated files.");
            }

            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                throw new WorkspaceException($"{relative} is {info.Length} bytes; workspace files may have at most {MaxFileBytes}.");
            }

            files.Add(new WorkspaceFile(relative, ReadShared(path)));
        }

        return FromFiles(files);
    }

    private static bool IsIgnoredFolder(string name) =>
        name is "bin" or "obj" || name.StartsWith('.');

    // An editor may hold the file open for writing while we read it; share rather than fail.
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
