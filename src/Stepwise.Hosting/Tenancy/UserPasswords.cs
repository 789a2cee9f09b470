using Microsoft.AspNetCore.Identity;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Tenancy;

/// <summary>
/// Password hashing with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted,
/// 100,000 iterations in its v3 format), and the rules a new password must meet.
/// </summary>
internal static class UserPasswords
{
    public const int MinLength = 8;
    public const int MaxLength = 1024;

    public const string Rule = "8 to 1024 characters";

    private static readonly PasswordHasher<UserRecord> Hasher = new();

    /// <summary>A hash of a fixed password, verified against when the username is unknown so both take as long.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => Hasher.HashPassword(null!, "decoy-password-for-timing"));

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static bool Verify(UserRecord? user, string password)
    {
        if (user is null)
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            return false;
        }

        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Null when the password is acceptable, else what is wrong with it.</summary>
    public static string? Problem(string password) =>
        password.Length is < MinLength or > MaxLength ? $"The password must be {Rule}" : null;
}
