using System.Globalization;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

internal sealed partial class RecordStore
{
    private const long DayMs = 86_400_000;

    private const string ByStatusSql = "SELECT status, COUNT(*) FROM records WHERE org_id = @org_id GROUP BY status";

    private const string ByCategorySql = "SELECT category, COUNT(*) FROM records WHERE org_id = @org_id GROUP BY category";

    // Integer division by a day's milliseconds is the UTC day on both engines (times are never negative).
    private const string PerDaySql = """
        SELECT created_at / 86400000 AS day, status, COUNT(*) FROM records
        WHERE org_id = @org_id AND created_at >= @since
        GROUP BY created_at / 86400000, status
        ORDER BY day
        """;

    public Task<RecordSummary> SummarizeAsync(string orgId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        return readers.ReadAsync(
            $"Summarizing the records of organization '{orgId}'",
            async (connection, ct) =>
            {
                var byStatus = await CountAsync(connection, ByStatusSql, orgId, null, ct).ConfigureAwait(false);
                var byCategory = await CountAsync(connection, ByCategorySql, orgId, null, ct).ConfigureAwait(false);
                var sinceMs = DbValues.ToUnixMs(since);
                var days = new SortedDictionary<long, Dictionary<string, long>>();
                using (var command = connection.CreateCommand(PerDaySql))
                {
                    command.AddParameter("@org_id", orgId);
                    command.AddParameter("@since", sinceMs);
                    var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            var day = reader.GetInt64(0);
                            if (!days.TryGetValue(day, out var statuses))
                            {
                                days[day] = statuses = new Dictionary<string, long>(StringComparer.Ordinal);
                            }

                            statuses[reader.GetString(1)] = reader.GetInt64(2);
                        }
                    }
                }

                var perDay = days.Select(day => new RecordDayCount(
                    DateTimeOffset.FromUnixTimeMilliseconds(day.Key * DayMs).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    day.Value.Values.Sum(),
                    day.Value)).ToList();
                return new RecordSummary(byStatus.Values.Sum(), byStatus, byCategory, since, perDay);
            },
            cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountAsync(
        System.Data.Common.DbConnection connection, string sql, string orgId, long? since, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql);
        command.AddParameter("@org_id", orgId);
        if (since is { } sinceMs)
        {
            command.AddParameter("@since", sinceMs);
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return counts;
    }
}
