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
    public const string FileName = JwtKeyFile.FileName;

    private readonly Lazy<SymmetricSecurityKey?> _key;

    public JwtSigningKey(JwtOptions options, ServerOptions server)
    {
        _key = new Lazy<SymmetricSecurityKey?>(
            () => options.Secret is { } secret ? new SymmetricSecurityKey(secret)
                : options.UsesGeneratedKey ? new SymmetricSecurityKey(JwtKeyFile.LoadOrCreate(Path.Combine(server.DataDirectory, FileName)))
                : null,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The key, or null when HS256 is not configured.</summary>
    public SymmetricSecurityKey? Key => _key.Value;
}
