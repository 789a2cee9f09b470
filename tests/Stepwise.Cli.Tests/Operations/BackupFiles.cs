using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Tests.Operations;

/// <summary>Opens a backup archive the way an operator's tar would, to look inside or to plant damage in it.</summary>
internal static class BackupFiles
{
    /// <summary>Extracts every entry of <paramref name="archive"/> into <paramref name="folder"/>.</summary>
    public static void Extract(string archive, string folder)
    {
        Directory.CreateDirectory(folder);
        TarFile.ExtractToDirectory(archive, folder, overwriteFiles: true);
    }

    public static JsonObject Manifest(string archive, string scratch)
    {
        Extract(archive, scratch);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(scratch, "manifest.json")))!.AsObject();
    }

    /// <summary>
    /// Writes <paramref name="folder"/> back as an archive whose manifest matches its files again: damage planted
    /// in a file then passes the checksums and must be found by the restore's own checks.
    /// </summary>
    public static void Repack(string folder, string archive)
    {
        var manifestPath = Path.Combine(folder, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        foreach (var file in manifest["files"]!.AsArray())
        {
            var path = Path.Combine(folder, (string)file!["name"]!);
            file["bytes"] = new FileInfo(path).Length;
            file["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }

        File.WriteAllText(manifestPath, manifest.ToJsonString());
        File.Delete(archive);
        using var stream = File.Create(archive);
        using var writer = new TarWriter(stream);
        writer.WriteEntry(manifestPath, "manifest.json");
        foreach (var file in manifest["files"]!.AsArray())
        {
            var name = (string)file!["name"]!;
            writer.WriteEntry(Path.Combine(folder, name), name);
        }
    }
}
