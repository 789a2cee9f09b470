using System.Buffers;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// The shapes of secret names and configuration keys (usable as <c>secrets.name</c> and <c>config.key</c> in
/// expressions) and of OAuth connection names (as providers are usually named, e.g. <c>HaloPSA</c>).
/// </summary>
internal static class OrgNames
{
    public const int MaxLength = 64;

    public const string KeyRule = "1 to 64 characters of A-Z, a-z, 0-9 and '_', not starting with a digit";

    public const string ConnectionRule = "1 to 64 characters of A-Z, a-z, 0-9, '_', '-' and '.', starting with a letter or digit";

    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    private static readonly SearchValues<char> ConnectionChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");

    /// <summary>A secret name or configuration key.</summary>
    public static bool IsKey(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxLength && !char.IsAsciiDigit(text[0])
        && !text.AsSpan().ContainsAnyExcept(KeyChars);

    public static bool IsConnectionName(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxLength && char.IsAsciiLetterOrDigit(text[0])
        && !text.AsSpan().ContainsAnyExcept(ConnectionChars);
}
