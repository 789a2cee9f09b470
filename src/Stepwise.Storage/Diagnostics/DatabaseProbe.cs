namespace Stepwise.Storage.Diagnostics;

/// <summary>What a fresh connection found: the schema version of the database and the newest this build knows.</summary>
public sealed record DatabaseProbe(int SchemaVersion, int LatestVersion, TimeSpan Duration)
{
    public bool IsBehind => SchemaVersion < LatestVersion;

    public bool IsAhead => SchemaVersion > LatestVersion;
}
