using System.Buffers;
using System.Security.Cryptography;

namespace Stepwise.Hosting.Tenancy;

/// <summary>Usernames are compared lower-case: 1 to 64 characters of a-z, 0-9, '.', '_', '-' and '@'.</summary>
internal static class Usernames
{
    public const string Rule = "1 to 64 characters of a-z, 0-9, '.', '_', '-' and '@'";

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789._-@");

    public static string Normalize(string text) => text.Trim().ToLowerInvariant();

    public static bool IsValid(string? normalized) =>
        !string.IsNullOrEmpty(normalized) && normalized.Length <= 64 && !normalized.AsSpan().ContainsAnyExcept(Allowed);

    public static string NewId() => "usr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9));
}
