using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Stepwise.Server.Dashboard;

/// <summary>
/// The dashboard's built files (web/dist), embedded in this assembly at build time under <see cref="Prefix"/> and
/// read once at start: a few hundred kilobytes, kept with a gzipped copy so every request is served from memory.
/// Files under <c>assets/</c> carry a content hash in their names (Vite), so they may be cached for a year.
/// </summary>
internal sealed class DashboardFiles
{
    public const string Prefix = "Stepwise.Server.Dashboard.dist/";

    private readonly Dictionary<string, DashboardFile> _files;

    private DashboardFiles(Dictionary<string, DashboardFile> files) => _files = files;

    /// <summary>The index page served for client-side routes; null when the build embedded no dashboard.</summary>
    public DashboardFile? Index => _files.GetValueOrDefault("index.html");

    public DashboardFile? Find(string path) => _files.GetValueOrDefault(path);

    public static DashboardFiles Load(Assembly assembly)
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

        return new DashboardFiles(files);
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
