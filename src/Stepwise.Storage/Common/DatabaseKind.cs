namespace Stepwise.Storage;

/// <summary>The database engines Stepwise stores its state in.</summary>
public enum DatabaseKind
{
    /// <summary>An embedded SQLite file: one process, no set-up.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, shared by any number of processes.</summary>
    Postgres,
}
