using Microsoft.Extensions.DependencyInjection;
using Stepwise.Server.Auth.Jwt;
using Stepwise.Storage;

namespace Stepwise.Server.Secrets;

/// <summary>
/// Refuses to start a node whose master key or JWT signing key differs from the one the store's other nodes use
/// (the first node records the fingerprints; see <see cref="KeyFingerprint"/>): such a node would answer
/// <c>Secret 'x' not found</c> and 401 where its peers succeed. During a master key rotation a node holding the new
/// key with <c>STEPWISE_PREVIOUS_MASTER_KEY</c> set to the recorded one is accepted; <c>stepwise secrets rotate-key</c>
/// records the new key's fingerprint when every value moved. On PostgreSQL, where nodes share the store, a key
/// generated into one node's data folder is refused: the others could never know it. Runs right after the store
/// opens, before any trigger or worker starts; its <see cref="ServerConfigurationException"/> exits 2.
/// </summary>
internal sealed class KeyFingerprintCheck : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly ServerOptions _options;
    private readonly JwtOptions _jwt;
    private readonly StoreHost _store;
    private readonly TimeProvider _time;

    public KeyFingerprintCheck(
        IServiceProvider services, IConfiguration configuration, ServerOptions options, JwtOptions jwt, StoreHost store,
        TimeProvider time)
    {
        _services = services;
        _options = options;
        _jwt = jwt;
        _store = store;
        _time = time;

        // Checked when the host creates its services, before any of them loads (and so generates) a key file.
        if (options.Database.Kind == DatabaseKind.Postgres)
        {
            RequireSharedKeys(configuration);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var fingerprints = _store.Storage.KeyFingerprints;
        var keys = _services.GetRequiredService<MasterKeyRing>();
        var master = KeyFingerprint.Of(keys.Current.Key, KeyFingerprint.MasterKeyName);
        var recorded = await fingerprints.RecordFirstAsync(KeyFingerprint.MasterKeyName, master, _time.GetUtcNow(), cancellationToken);
        if (recorded != master
            && !keys.Previous.Any(previous => KeyFingerprint.Of(previous.Key, KeyFingerprint.MasterKeyName) == recorded))
        {
            throw new ServerConfigurationException(
                $"{DescribeMasterKey(keys)} differs from the master key this database's secrets are sealed with (fingerprint " +
                $"{KeyFingerprint.Short(recorded)}, this node's {KeyFingerprint.Short(master)}): this node could not read them.\n" +
                $"hint: every node on one database needs the same {MasterKeys.MasterKeyKey}. Copy it from a running node's " +
                $"environment (or the master.key of the node that generated it) into this node's. To change the key, set the new one " +
                $"with {MasterKeys.PreviousMasterKeyKey} holding the old one, then run `stepwise secrets rotate-key` (docs/security.md).");
        }

        if (_services.GetRequiredService<JwtSigningKey>().Key is { } signing)
        {
            var fingerprint = KeyFingerprint.Of(signing.Key, KeyFingerprint.JwtSigningKeyName);
            var known = await fingerprints.RecordFirstAsync(
                KeyFingerprint.JwtSigningKeyName, fingerprint, _time.GetUtcNow(), cancellationToken);
            if (known != fingerprint)
            {
                throw new ServerConfigurationException(
                    $"{DescribeJwtKey()} differs from the JWT signing key of this database's other nodes (fingerprint " +
                    $"{KeyFingerprint.Short(known)}, this node's {KeyFingerprint.Short(fingerprint)}): a token one node signs " +
                    $"would get 401 on the other.\n" +
                    $"hint: give every node the same {JwtOptions.SecretKey} (e.g. `openssl rand -base64 32`, set on each node). " +
                    "To change it on purpose, set the new value on every node and run `stepwise secrets record-jwt-key` " +
                    "once (docs/security.md); tokens signed with the old key stop working.");
            }
        }

        // JWT_JWKS_URL alone: tokens are checked against the identity provider's published keys, which every node
        // fetches from the same URL; there is no signing key to compare.
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void RequireSharedKeys(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[MasterKeys.MasterKeyKey]))
        {
            var file = MasterKeyFile.PathIn(_options.DataDirectory);
            throw new ServerConfigurationException(
                $"{MasterKeys.MasterKeyKey} is not set: with PostgreSQL (DATABASE_URL) every node must use the same master key, " +
                "and a key generated into one node's data folder would be unknown to the others.\n" +
                $"hint: generate one (`openssl rand -base64 32`) and set {MasterKeys.MasterKeyKey} to it on every node" +
                (File.Exists(file) ? $"; this node's secrets so far are sealed with the key in {file}: use that one" : string.Empty) +
                " (docs/scaling.md).");
        }

        if (_jwt.UsesGeneratedKey)
        {
            var file = Path.GetFullPath(Path.Combine(_options.DataDirectory, JwtSigningKey.FileName));
            throw new ServerConfigurationException(
                $"{JwtOptions.SecretKey} is not set: with PostgreSQL (DATABASE_URL) every node must sign and check login " +
                "tokens with the same key, and a key generated into one node's data folder would be unknown to the others.\n" +
                $"hint: generate one (`openssl rand -base64 32`) and set {JwtOptions.SecretKey} to it on every node, or set " +
                $"{JwtOptions.JwksUrlKey} to check tokens of an identity provider" +
                (File.Exists(file) ? $"; tokens so far were signed with the key in {file}" : string.Empty) +
                " (docs/scaling.md).");
        }
    }

    private static string DescribeMasterKey(MasterKeyRing keys) =>
        keys.Source == MasterKeys.MasterKeyKey
            ? MasterKeys.MasterKeyKey
            : $"The master key in {keys.Source} ({MasterKeys.MasterKeyKey} is not set)";

    private string DescribeJwtKey() =>
        _jwt.Secret is not null
            ? JwtOptions.SecretKey
            : $"The JWT signing key in {Path.GetFullPath(Path.Combine(_options.DataDirectory, JwtSigningKey.FileName))} ({JwtOptions.SecretKey} is not set)";
}
