using Microsoft.Extensions.Configuration;
using Stepwise.Cli.Commands;
using Stepwise.Storage.Backup;

namespace Stepwise.Cli.Backup;

/// <summary>
/// The keys a store's data needs beside it: the master key that seals its secrets and the JWT signing key its login
/// tokens are signed with. A backup takes the key files the node keeps in its data folder (a key given in the
/// environment is the operator's to keep: it is never written to a file); a restore checks, before replacing
/// anything, that the node will start with the keys whose fingerprints the backed-up store recorded, since a server
/// with another master key cannot read the secrets and one with another signing key refuses to start.
/// </summary>
internal static class BackupKeys
{
    /// <summary>The key files <paramref name="node"/> reads from its data folder (not replaced by environment settings).</summary>
    public static IReadOnlyList<string> FilesInUse(NodeSettings node)
    {
        var files = new List<string>();
        if (string.IsNullOrWhiteSpace(node.Configuration[MasterKeys.MasterKeyKey]))
        {
            files.Add(MasterKeyFile.FileName);
        }

        if (JwtOptions.Read(node.Configuration).UsesGeneratedKey)
        {
            files.Add(JwtKeyFile.FileName);
        }

        return files;
    }

    /// <summary>
    /// Throws <see cref="BackupException"/> when the node, once the backup's key files (in <paramref name="staged"/>)
    /// are installed where it uses files, would not hold the keys the backed-up store recorded.
    /// </summary>
    public static void RequireMatching(NodeSettings node, BackupManifest manifest, StoreSummary store, string staged)
    {
        var data = node.Options.DataDirectory;
        var inUse = FilesInUse(node);
        if (store.KeyFingerprints.TryGetValue(KeyFingerprint.MasterKeyName, out var master))
        {
            var (keys, source) = MasterKeysAfterRestore(node.Configuration, inUse, manifest, staged, data);
            if (keys.Count == 0)
            {
                throw new BackupException(
                    $"the backup holds no master key (it was made with --exclude-keys, or its server took the key from " +
                    $"{MasterKeys.MasterKeyKey}) and this node has none, while its secrets are sealed with the master key of " +
                    $"fingerprint {KeyFingerprint.Short(master)}. Set {MasterKeys.MasterKeyKey} to that key, or put that " +
                    $"server's {MasterKeyFile.FileName} in {data}, then restore again.");
            }

            if (!keys.Any(key => KeyFingerprint.Of(key.Key, KeyFingerprint.MasterKeyName) == master))
            {
                throw new BackupException(
                    $"the backup's secrets are sealed with the master key of fingerprint {KeyFingerprint.Short(master)}, " +
                    $"and this node would use {source} (fingerprint " +
                    $"{KeyFingerprint.Short(KeyFingerprint.Of(keys[0].Key, KeyFingerprint.MasterKeyName))}): the restored server " +
                    $"could not read them. Set {MasterKeys.MasterKeyKey} to the key of the server that made the backup, then restore again.");
            }
        }

        var jwt = JwtOptions.Read(node.Configuration);
        if (jwt.JwksUrl is not null && jwt.Secret is null)
        {
            // Tokens are checked against the identity provider's keys: the server signs nothing and compares no key.
            return;
        }

        if (store.KeyFingerprints.TryGetValue(KeyFingerprint.JwtSigningKeyName, out var signing))
        {
            var (key, source) = jwt.Secret is { } secret ? (secret, JwtOptions.SecretKey)
                : ReadJwtKey(inUse, manifest, staged, data);
            if (key is null || KeyFingerprint.Of(key, KeyFingerprint.JwtSigningKeyName) != signing)
            {
                throw new BackupException(
                    $"the backed-up store's login tokens are signed with the JWT signing key of fingerprint " +
                    $"{KeyFingerprint.Short(signing)}, and this node would " +
                    (key is null ? "generate a new one" : $"use {source} (fingerprint {KeyFingerprint.Short(KeyFingerprint.Of(key, KeyFingerprint.JwtSigningKeyName))})") +
                    $": the restored server would refuse to start. Set {JwtOptions.SecretKey} to the key of the server that " +
                    "made the backup (or restore a backup made with its jwt-signing.key), then restore again.");
            }
        }
    }

    /// <summary>
    /// The key files going into a backup that are not the keys the store recorded: such a backup restores only
    /// where the right key is given, so the operator hears of it now, not at restore time.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(StoreSummary store, string folder, IReadOnlyList<string> names)
    {
        var warnings = new List<string>();
        if (names.Contains(MasterKeyFile.FileName)
            && store.KeyFingerprints.TryGetValue(KeyFingerprint.MasterKeyName, out var master)
            && !MasterKeyFile.LoadOrCreate(Path.Combine(folder, MasterKeyFile.FileName))
                .Any(key => KeyFingerprint.Of(key.Key, KeyFingerprint.MasterKeyName) == master))
        {
            warnings.Add(
                $"the data folder's {MasterKeyFile.FileName} is not the master key the store's secrets are sealed with " +
                $"(fingerprint {KeyFingerprint.Short(master)}); a restore of this backup needs that key.");
        }

        if (names.Contains(JwtKeyFile.FileName)
            && store.KeyFingerprints.TryGetValue(KeyFingerprint.JwtSigningKeyName, out var signing)
            && KeyFingerprint.Of(
                Convert.FromBase64String(File.ReadAllText(Path.Combine(folder, JwtKeyFile.FileName)).Trim()),
                KeyFingerprint.JwtSigningKeyName) != signing)
        {
            warnings.Add(
                $"the data folder's {JwtKeyFile.FileName} is not the JWT signing key the store recorded (fingerprint " +
                $"{KeyFingerprint.Short(signing)}); a restore of this backup needs that key.");
        }

        return warnings;
    }

    private static (IReadOnlyList<MasterKey> Keys, string Source) MasterKeysAfterRestore(
        IConfiguration configuration, IReadOnlyList<string> inUse, BackupManifest manifest, string staged, string data)
    {
        if (!inUse.Contains(MasterKeyFile.FileName))
        {
            var keys = new List<MasterKey>();
            foreach (var setting in new[] { MasterKeys.MasterKeyKey, MasterKeys.PreviousMasterKeyKey })
            {
                if (configuration[setting] is { } text && !string.IsNullOrWhiteSpace(text) && MasterKey.Parse(text, out _) is { } key)
                {
                    keys.Add(key);
                }
            }

            return (keys, MasterKeys.MasterKeyKey);
        }

        var path = manifest.Holds(MasterKeyFile.FileName)
            ? Path.Combine(staged, MasterKeyFile.FileName)
            : MasterKeyFile.PathIn(data);
        if (!File.Exists(path))
        {
            return ([], path);
        }

        return (MasterKeyFile.LoadOrCreate(path), $"the master key in {MasterKeyFile.PathIn(data)}");
    }

    private static (byte[]? Key, string Source) ReadJwtKey(
        IReadOnlyList<string> inUse, BackupManifest manifest, string staged, string data)
    {
        if (!inUse.Contains(JwtKeyFile.FileName))
        {
            return (null, JwtOptions.SecretKey);
        }

        var path = manifest.Holds(JwtKeyFile.FileName) ? Path.Combine(staged, JwtKeyFile.FileName) : Path.Combine(data, JwtKeyFile.FileName);
        return File.Exists(path)
            ? (Convert.FromBase64String(File.ReadAllText(path).Trim()), $"the key in {Path.GetFullPath(Path.Combine(data, JwtKeyFile.FileName))}")
            : (null, path);
    }
}
