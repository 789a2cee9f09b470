using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Storage;
using Stepwise.Storage.Backup;

namespace Stepwise.Cli.Backup;

/// <summary>
/// <c>manifest.json</c>, the first entry of a backup archive: what was backed up, when, by which stepwise, at which
/// schema version, the fingerprints of the keys its secrets need, and the size and SHA-256 of every other entry (a
/// restore refuses an archive whose files do not match).
/// </summary>
internal sealed record BackupManifest(
    DateTimeOffset CreatedAt,
    string StepwiseVersion,
    DatabaseKind Kind,
    string Source,
    StoreSummary Store,
    IReadOnlyList<BackupEntry> Files)
{
    public const string FileName = "manifest.json";
    public const string Format = "stepwise-backup";
    public const int FormatVersion = 1;

    /// <summary>The database file inside the archive: a SQLite file, or a pg_dump custom-format dump.</summary>
    public string DatabaseFile => Kind == DatabaseKind.Postgres ? BackupArchive.PostgresFile : BackupArchive.SqliteFile;

    public bool Holds(string name) => Files.Any(file => file.Name == name);

    public JsonObject ToJson() => new()
    {
        ["format"] = Format,
        ["format_version"] = FormatVersion,
        ["created_at"] = CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["stepwise_version"] = StepwiseVersion,
        ["database_kind"] = KindName(Kind),
        ["source"] = Source,
        ["schema_version"] = Store.SchemaVersion,
        ["executions"] = Store.Executions,
        ["unfinished_executions"] = Store.Unfinished,
        ["key_fingerprints"] = new JsonObject([.. Store.KeyFingerprints
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]),
        ["files"] = new JsonArray([.. Files.Select(file => (JsonNode)new JsonObject
        {
            ["name"] = file.Name,
            ["bytes"] = file.Bytes,
            ["sha256"] = file.Sha256,
        })]),
    };

    /// <summary>Reads a manifest; throws <see cref="BackupException"/> naming what is wrong.</summary>
    public static BackupManifest Parse(string json, string archive)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw Unreadable(archive, "it is empty");
            if (Field(root, "format", archive).GetValue<string>() != Format)
            {
                throw new BackupException($"'{archive}' is not a stepwise backup: its manifest.json is not of format '{Format}'.");
            }

            var version = Field(root, "format_version", archive).GetValue<int>();
            var stepwise = Field(root, "stepwise_version", archive).GetValue<string>();
            if (version > FormatVersion)
            {
                throw new BackupException(
                    $"'{archive}' is a backup of format {version}, newer than this stepwise reads ({FormatVersion}): " +
                    $"restore it with stepwise {stepwise} or newer.");
            }

            var kind = Field(root, "database_kind", archive).GetValue<string>() == KindName(DatabaseKind.Postgres)
                ? DatabaseKind.Postgres
                : DatabaseKind.Sqlite;
            var fingerprints = Field(root, "key_fingerprints", archive).AsObject()
                .ToDictionary(pair => pair.Key, pair => pair.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal);
            var store = new StoreSummary(
                Field(root, "schema_version", archive).GetValue<int>(),
                Field(root, "executions", archive).GetValue<long>(),
                Field(root, "unfinished_executions", archive).GetValue<long>(),
                fingerprints);
            var files = Field(root, "files", archive).AsArray()
                .Select(file => file?.AsObject() ?? throw Unreadable(archive, "a file entry is null"))
                .Select(file => new BackupEntry(
                    Field(file, "name", archive).GetValue<string>(),
                    Field(file, "bytes", archive).GetValue<long>(),
                    Field(file, "sha256", archive).GetValue<string>()))
                .ToList();
            return new BackupManifest(
                DateTimeOffset.Parse(Field(root, "created_at", archive).GetValue<string>(), CultureInfo.InvariantCulture),
                stepwise, kind, Field(root, "source", archive).GetValue<string>(), store, files);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw Unreadable(archive, exception.Message);
        }
    }

    public static string KindName(DatabaseKind kind) => kind == DatabaseKind.Postgres ? "postgres" : "sqlite";

    private static JsonNode Field(JsonObject json, string name, string archive) =>
        json[name] ?? throw Unreadable(archive, $"it has no '{name}'");

    private static BackupException Unreadable(string archive, string reason) =>
        new($"'{archive}' is not a stepwise backup: its manifest.json cannot be read ({reason}).");
}
