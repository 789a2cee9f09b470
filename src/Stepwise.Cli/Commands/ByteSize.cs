using System.Globalization;

namespace Stepwise.Cli.Commands;

/// <summary>Sizes as users write them: bytes (<c>1048576</c>) or with a unit (<c>512KB</c>, <c>4MB</c>, <c>1GB</c>; 1024-based).</summary>
internal static class ByteSize
{
    public const string Expected = "a number of bytes or a size such as 512KB, 4MB or 1GB";

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var trimmed = text?.Trim() ?? string.Empty;
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        long? multiplier = trimmed[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" => 1024,
            "M" or "MB" => 1024 * 1024,
            "G" or "GB" => 1024L * 1024 * 1024,
            _ => null,
        };
        if (multiplier is not { } unit || count <= 0 || count > long.MaxValue / unit)
        {
            return false;
        }

        bytes = count * unit;
        return true;
    }
}
