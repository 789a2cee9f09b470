using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>
/// The HS256 key this server signs its login tokens with and checks HS256 tokens against: JWT_SECRET when set;
/// with no key source configured at all, a random 256-bit key generated once into <c>jwt-signing.key</c> in the
/// data folder (readable by the owner only) so tokens survive restarts; otherwise none (then HS256 tokens answer
/// AUTH008).
/// </summary>
internal sealed class JwtSigningKey
{
    public const string FileName = "jwt-signing.key";

    private readonly Lazy<SymmetricSecurityKey?> key;

    public JwtSigningKey(JwtOptions options, ServerOptions server)
    {
        key = new Lazy<SymmetricSecurityKey?>(
            () => options.Secret is { } secret ? new SymmetricSecurityKey(secret)
                : options.UsesGeneratedKey ? new SymmetricSecurityKey(LoadOrCreate(Path.Combine(server.DataDirectory, FileName)))
                : null,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The key, or null when HS256 is not configured.</summary>
    public SymmetricSecurityKey? Key => key.Value;

    internal static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (existing.Length < JwtOptions.MinSecretBytes)
            {
                throw new ServerConfigurationException(
                    $"The JWT signing key file {path} holds {existing.Length} bytes; delete it to generate a new one.");
            }

            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var bytes = RandomNumberGenerator.GetBytes(JwtOptions.MinSecretBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(Convert.ToBase64String(bytes));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process sharing the data folder created it first: use theirs.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        return bytes;
    }
}
