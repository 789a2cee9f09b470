using System.Globalization;
using System.Text;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Definitions.Parsing;

/// <summary>Reads YAML or JSON text into a raw tree; the format comes from the file extension, else the content.</summary>
internal static class DocumentReader
{
    public static ParsedDocument? Read(string text, string? path, out Diagnostic? error)
    {
        error = null;
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > DocumentLimits.MaxDocumentBytes)
        {
            error = Diagnostic.Error(TooLarge(size), new SourceLocation(path, 0, 0));
            return null;
        }

        // Editors do not count a byte order mark as a column.
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var format = DetectFormat(text, path);
        var map = new SourceMap(text, path);
        if (format == DocumentFormat.Json)
        {
            if (JsonTreeReader.TryRead(text, map, out var root, out var jsonError))
            {
                return new ParsedDocument(root, map, DocumentFormat.Json);
            }

            // Without an extension a leading '{' may still be YAML flow syntax with unquoted keys.
            if (!HasExtension(path, ".json"))
            {
                var yamlMap = new SourceMap(text, path);
                if (YamlTreeReader.TryRead(text, yamlMap, out var yamlRoot, out _))
                {
                    return new ParsedDocument(yamlRoot, yamlMap, DocumentFormat.Yaml);
                }
            }

            error = Diagnostic.Error(jsonError!.Value.Message, map.At(jsonError.Value.Index));
            return null;
        }

        if (YamlTreeReader.TryRead(text, map, out var yaml, out var yamlError))
        {
            return new ParsedDocument(yaml, map, DocumentFormat.Yaml);
        }

        error = Diagnostic.Error(yamlError!.Value.Message, map.At(yamlError.Value.Index));
        return null;
    }

    public static DocumentFormat DetectFormat(string text, string? path)
    {
        if (HasExtension(path, ".json"))
        {
            return DocumentFormat.Json;
        }

        if (HasExtension(path, ".yaml") || HasExtension(path, ".yml"))
        {
            return DocumentFormat.Yaml;
        }

        var first = text.AsSpan().TrimStart();
        return !first.IsEmpty && first[0] is '{' or '[' ? DocumentFormat.Json : DocumentFormat.Yaml;
    }

    public static string TooLarge(long size) => string.Create(
        CultureInfo.InvariantCulture,
        $"the document is too large: {size / 1024.0 / 1024.0:0.0} MiB ({size} bytes); the limit is {DocumentLimits.MaxDocumentBytes / 1024 / 1024} MiB");

    private static bool HasExtension(string? path, string extension) =>
        path is not null && path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
