namespace Stepwise.Cli.Doctor;

/// <summary>
/// This node's master key and JWT signing key against the fingerprints the store recorded (the first node to start
/// records them; <c>KeyFingerprintCheck</c> refuses a server whose keys differ). A mismatch here is a server that
/// would not start, or whose tokens the other nodes would refuse. Reads key files only where they exist: the doctor
/// generates none.
/// </summary>
internal sealed class KeyFingerprintsCheck : IDoctorCheck
{
    public const string Name = "key fingerprints";

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return [DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)")];
        }

        var findings = new List<DoctorFinding>();
        if (node.Options.Database.Kind == Storage.DatabaseKind.Postgres)
        {
            findings.AddRange(SharedKeys(node));
        }

        if (context.Storage is not { } storage)
        {
            findings.Add(DoctorFinding.Skip(Name, "the store is not open at this build's schema (see store and schema)"));
            return findings;
        }

        try
        {
            findings.Add(await MasterAsync(node, storage, cancellationToken));
            findings.Add(await JwtAsync(node, storage, cancellationToken));
        }
        catch (Exception exception) when (exception is ServerConfigurationException or IOException or UnauthorizedAccessException or FormatException)
        {
            findings.Add(DoctorFinding.Fail(Name, exception.Message, "fix the key setting or file named"));
        }

        return findings;
    }

    /// <summary>On PostgreSQL every node needs the keys from its settings: one generated into a data folder is this node's alone.</summary>
    private static IEnumerable<DoctorFinding> SharedKeys(Commands.NodeSettings node)
    {
        if (string.IsNullOrWhiteSpace(node.Configuration[MasterKeys.MasterKeyKey]))
        {
            yield return DoctorFinding.Fail(
                Name, $"{MasterKeys.MasterKeyKey} is not set: with PostgreSQL every node must use the same master key, and the server refuses to start without it",
                $"set {MasterKeys.MasterKeyKey} on every node to the same key (`openssl rand -base64 32`; docs/scaling.md)");
        }

        JwtOptions jwt;
        try
        {
            jwt = JwtOptions.Read(node.Configuration);
        }
        catch (ServerConfigurationException)
        {
            yield break; // The configuration check names it.
        }

        if (jwt.UsesGeneratedKey)
        {
            yield return DoctorFinding.Fail(
                Name, $"{JwtOptions.SecretKey} is not set: with PostgreSQL every node must sign tokens with the same key, and the server refuses to start without it",
                $"set {JwtOptions.SecretKey} on every node to the same value (or {JwtOptions.JwksUrlKey}; docs/scaling.md)");
        }
    }

    private static async Task<DoctorFinding> MasterAsync(
        Commands.NodeSettings node, Storage.StepwiseStorage storage, CancellationToken cancellationToken)
    {
        var recorded = await storage.KeyFingerprints.GetAsync(KeyFingerprint.MasterKeyName, cancellationToken);
        var fromEnvironment = !string.IsNullOrWhiteSpace(node.Configuration[MasterKeys.MasterKeyKey]);
        var file = MasterKeyFile.PathIn(node.Options.DataDirectory);
        if (!fromEnvironment && !File.Exists(file))
        {
            return recorded is null
                ? DoctorFinding.Skip(Name, $"master key: none yet (the server generates {file} at first start)")
                : DoctorFinding.Fail(
                    Name,
                    $"master key: this node has none ({MasterKeys.MasterKeyKey} unset, no {file}), and the store's secrets are sealed with key {KeyFingerprint.Short(recorded)}",
                    $"set {MasterKeys.MasterKeyKey} to the key the other nodes use (or restore the master.key file)");
        }

        var ring = MasterKeys.Load(node.Configuration, node.Options.DataDirectory);
        var current = KeyFingerprint.Of(ring.Current.Key, KeyFingerprint.MasterKeyName);
        var source = fromEnvironment ? MasterKeys.MasterKeyKey : file;
        if (recorded is null)
        {
            return DoctorFinding.Ok(Name, $"master key ({source}) {KeyFingerprint.Short(current)}; none recorded in the store yet");
        }

        if (recorded == current || ring.Previous.Any(previous => KeyFingerprint.Of(previous.Key, KeyFingerprint.MasterKeyName) == recorded))
        {
            return DoctorFinding.Ok(Name, $"master key ({source}) matches the store's ({KeyFingerprint.Short(recorded)})");
        }

        return DoctorFinding.Fail(
            Name,
            $"master key ({source}) {KeyFingerprint.Short(current)} differs from the store's {KeyFingerprint.Short(recorded)}: the server would refuse to start",
            $"give this node the same {MasterKeys.MasterKeyKey} as the other nodes; to change the key, run 'stepwise secrets rotate-key' (docs/security.md)");
    }

    private static async Task<DoctorFinding> JwtAsync(
        Commands.NodeSettings node, Storage.StepwiseStorage storage, CancellationToken cancellationToken)
    {
        var jwt = JwtOptions.Read(node.Configuration);
        var file = Path.GetFullPath(Path.Combine(node.Options.DataDirectory, JwtKeyFile.FileName));
        var key = jwt.Secret ?? (jwt.JwksUrl is null && File.Exists(file) ? JwtKeyFile.LoadOrCreate(file) : null);
        var recorded = await storage.KeyFingerprints.GetAsync(KeyFingerprint.JwtSigningKeyName, cancellationToken);
        if (key is null)
        {
            return jwt.JwksUrl is not null
                ? DoctorFinding.Skip(Name, $"JWT signing key: none ({JwtOptions.JwksUrlKey}: tokens are checked against the provider's keys)")
                : DoctorFinding.Skip(Name, $"JWT signing key: none yet (the server generates {file} at first start)");
        }

        var fingerprint = KeyFingerprint.Of(key, KeyFingerprint.JwtSigningKeyName);
        var source = jwt.Secret is null ? file : JwtOptions.SecretKey;
        if (recorded is null)
        {
            return DoctorFinding.Ok(Name, $"JWT signing key ({source}) {KeyFingerprint.Short(fingerprint)}; none recorded in the store yet");
        }

        return recorded == fingerprint
            ? DoctorFinding.Ok(Name, $"JWT signing key ({source}) matches the store's ({KeyFingerprint.Short(recorded)})")
            : DoctorFinding.Fail(
                Name,
                $"JWT signing key ({source}) {KeyFingerprint.Short(fingerprint)} differs from the store's {KeyFingerprint.Short(recorded)}: the server would refuse to start",
                $"give every node the same {JwtOptions.SecretKey}; after changing it on purpose, run 'stepwise secrets record-jwt-key' once");
    }
}
