using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Stepwise.Server.Dashboard;

/// <summary>
/// The dashboard's built files (web/dist), embedded in this assembly at build time under <see cref="Prefix"/> and
/// read once, at the first request for one: a few hundred kilobytes, kept with a gzipped copy so every request is
/// served from memory. Not at start: a server nobody opens the dashboard of keeps neither the files, their gzipped
/// copies nor the compression code in memory (issue 19, idle memory).
/// Files under <c>assets/</c> carry a content hash in their names (Vite), so they may be cached for a year.
/// </summary>
internal sealed class DashboardFiles
{
    public const string Prefix = "Stepwise.Server.Dashboard.dist/";

    private readonly Lazy<Dictionary<string, DashboardFile>> _files;

    private DashboardFiles(Assembly assembly) =>
        _files = new Lazy<Dictionary<string, DashboardFile>>(() => Read(assembly), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The index page served for client-side routes; null when the build embedded no dashboard.</summary>
    public DashboardFile? Index => _files.Value.GetValueOrDefault("index.html");

    public DashboardFile? Find(string path) => _files.Value.GetValueOrDefault(path);

    public static DashboardFiles Load(Assembly assembly) => new(assembly);

    private static Dictionary<string, DashboardFile> Read(Assembly assembly)
    {
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            var type = types.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript")
            {
                type += "; charset=utf-8";
            }

            files[path] = new DashboardFile(
                content,
                Compress(content, type),
                type,
                "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"",
                path.StartsWith("assets/", StringComparison.Ordinal));
        }

        return files;
    }

    private static byte[]? Compress(byte[] content, string type)
    {
        if (content.Length < 1024 || type.StartsWith("image/png", StringComparison.Ordinal)
            || type.StartsWith("font/woff", StringComparison.Ordinal))
        {
            return null;
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.Length < content.Length ? output.ToArray() : null;
    }
}
