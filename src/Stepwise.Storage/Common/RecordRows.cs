using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>The columns of records and record processors, and how to read them.</summary>
internal static class RecordRows
{
    public const string Columns =
        "id, org_id, source, category, status, payload, output, error, execution_id, attempts, claim_until, created_at, updated_at";

    public const string ProcessorColumns = "org_id, category, workflow, process_on_arrival, created_at, updated_at";

    public static StoredRecord Read(DbDataReader reader)
    {
        var id = reader.GetString(0);
        var owner = $"record '{id}'";
        return new StoredRecord(
            id,
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetJsonOrNull(5, owner),
            reader.GetJsonOrNull(6, owner),
            reader.GetStringOrNull(7),
            reader.GetStringOrNull(8),
            reader.GetInt32(9),
            reader.GetUnixMsOrNull(10),
            DbValues.FromUnixMs(reader.GetInt64(11)),
            DbValues.FromUnixMs(reader.GetInt64(12)));
    }

    public static RecordProcessor ReadProcessor(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetBoolean(3),
        DbValues.FromUnixMs(reader.GetInt64(4)),
        DbValues.FromUnixMs(reader.GetInt64(5)));
}
