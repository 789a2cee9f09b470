namespace Stepwise.Cli.Backup;

/// <summary>
/// A restore done: the backup's manifest, the store it went to, its schema version after migration, the runs whose
/// leases were ended (to resume at the next start), the earlier files kept aside and the key files installed.
/// </summary>
internal sealed record RestoreResult(
    BackupManifest Manifest,
    string Target,
    int SchemaVersion,
    int Resumable,
    IReadOnlyList<string> KeptAside,
    IReadOnlyList<string> KeysInstalled);
