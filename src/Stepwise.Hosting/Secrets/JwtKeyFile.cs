using System.Security.Cryptography;
using Stepwise.Hosting.Configuration;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// The HS256 key a server generates into its data folder (<c>jwt-signing.key</c>, base64, readable by its owner only)
/// when neither JWT_SECRET nor JWT_JWKS_URL is set: read by the server and by <c>stepwise secrets record-jwt-key</c>.
/// </summary>
internal static class JwtKeyFile
{
    public const string FileName = "jwt-signing.key";

    public static byte[] LoadOrCreate(string path)
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
