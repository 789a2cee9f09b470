using System.Text;
using Microsoft.Data.Sqlite;

namespace Stepwise.Server.Tests.Support;

/// <summary>
/// Searches every table, row and text or blob column of a SQLite store for texts that must not be kept there (a
/// secret, or what was derived from one): the check behind the redaction tests.
/// </summary>
internal static class StoreTextScan
{
    /// <summary>"table.column: needle" for each needle found in a cell; the tables named in <paramref name="mustHave"/> must exist.</summary>
    public static async Task<List<string>> FindAsync(string path, IReadOnlyCollection<string> needles, params string[] mustHave)
    {
        var hits = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in mustHave)
        {
            Assert.Contains(table, tables);
        }

        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    var text = reader.IsDBNull(column) ? null : reader.GetValue(column) switch
                    {
                        string value => value,
                        byte[] bytes => Encoding.UTF8.GetString(bytes),
                        _ => null,
                    };
                    foreach (var needle in needles.Where(needle => text?.Contains(needle, StringComparison.Ordinal) == true))
                    {
                        hits.Add($"{table}.{reader.GetName(column)}: {needle}");
                    }
                }
            }
        }

        return hits;
    }
}
