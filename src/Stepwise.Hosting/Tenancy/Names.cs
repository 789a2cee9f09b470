using System.Buffers;

namespace Stepwise.Hosting.Tenancy;

/// <summary>The shapes of ids that appear in URLs and headers; anything else is rejected before a lookup.</summary>
internal static class Names
{
    public const int MaxLength = 64;

    public const string OrgIdRule = "1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit";

    public const string WorkflowNameRule = "1 to 64 characters of a-z, 0-9, '_' and '-'";

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");

    public static bool IsOrgId(string? text) =>
        IsName(text) && char.IsAsciiLetterOrDigit(text![0]);

    public static bool IsWorkflowName(string? text) => IsName(text);

    /// <summary>A value safe to quote in a message: short, printable.</summary>
    public static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var shown = text.Length > 80 ? text[..80] + "..." : text;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }

    private static bool IsName(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxLength && !text.AsSpan().ContainsAnyExcept(Allowed);
}
