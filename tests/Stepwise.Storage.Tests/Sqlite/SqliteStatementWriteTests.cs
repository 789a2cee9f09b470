using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Common;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>The writer's hot statements on SQLite's own statement API: values by position, errors as SqliteException.</summary>
public sealed class SqliteStatementWriteTests : IDisposable
{
    private const string Sql = "INSERT INTO t (id, name, score, ratio, data, note) VALUES (@id, @name, @score, @ratio, @data, @note)";

    private static readonly string[] Names = ["@id", "@name", "@score", "@ratio", "@data", "@note"];

    private readonly TempFolder folder = new();

    [Fact]
    public async Task Execute_EachKindOfValue_StoredAsBoundAndRunsAgainWithNewValues()
    {
        await using var connection = await OpenAsync();
        await using (var write = new SqliteStatementWrite(connection, Sql, Names))
        {
            Set(write, "a", "Ada ✓ \"quoted\"", 42L, 0.5, new byte[] { 1, 2 }, DBNull.Value);
            Assert.Equal(1, await write.ExecuteAsync(CancellationToken.None));
            Set(write, "b", "Grace", 7, 1.25, new byte[] { 3 }, "second");
            Assert.Equal(1, await write.ExecuteAsync(CancellationToken.None));
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, name, score, ratio, hex(data), note, typeof(note) FROM t ORDER BY id";
        await using var rows = await read.ExecuteReaderAsync();
        Assert.True(await rows.ReadAsync());
        Assert.Equal(["a", "Ada ✓ \"quoted\"", 42L, 0.5, "0102", DBNull.Value, "null"], Row(rows));
        Assert.True(await rows.ReadAsync());
        Assert.Equal(["b", "Grace", 7L, 1.25, "03", "second", "text"], Row(rows));
    }

    [Fact]
    public async Task TypedSetters_EachKindOfValue_StoredAsSetWouldStoreThem()
    {
        var data = new JsonObject { ["raw"] = "{\"a\":\"<b>&é\"}", ["bell"] = "\u0001", ["n"] = new JsonArray(1, 2.5, null) };
        await using var connection = await OpenAsync();
        await using (var write = new SqliteStatementWrite(connection, Sql, Names))
        {
            write.SetText(0, "a");
            write.SetText(1, "Ada ✓");
            write.SetInt32(2, 42);
            write.Set(3, 0.5);
            write.SetJson(4, data);
            write.SetText(5, null);
            await write.ExecuteAsync(CancellationToken.None);
            write.SetText(0, "b");
            write.SetInt64(2, 9_000_000_000L);
            write.SetJson(4, null);
            write.SetText(5, "second");
            await write.ExecuteAsync(CancellationToken.None);
            write.SetText(0, "c");
            write.SetInt64(2, (long?)null);
            await write.ExecuteAsync(CancellationToken.None);
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, name, score, data, typeof(data), note, typeof(note) FROM t ORDER BY id";
        await using var rows = await read.ExecuteReaderAsync();
        Assert.True(await rows.ReadAsync());
        Assert.Equal(["a", "Ada ✓", 42L, DbValues.Json(data), "text", DBNull.Value, "null"], Row(rows));
        Assert.True(await rows.ReadAsync());
        Assert.Equal(["b", "Ada ✓", 9_000_000_000L, DBNull.Value, "null", "second", "text"], Row(rows));
        Assert.True(await rows.ReadAsync());
        Assert.Equal(["c", "Ada ✓", DBNull.Value, DBNull.Value, "null", "second", "text"], Row(rows));
    }

    [Fact]
    public async Task SetJson_AnyNode_StoresTheTextDbValuesJsonMakesOfIt()
    {
        // Written as UTF-8 straight from the node, where the other paths bind DbValues.Json's string: the stored text
        // must be the same, escapes, letters, times and all, and a buffer grown by a large value must not leak into
        // the next one.
        var nodes = new JsonNode?[]
        {
            new JsonObject
            {
                ["raw"] = "{\"a\":\"<b>&é\"}",
                ["bell"] = "\u0001",
                ["emoji"] = "✓ 😀",
                ["at"] = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(1)),
                ["n"] = 42,
                ["x"] = 0.1,
                ["list"] = new JsonArray(true, null, "a"),
            },
            new JsonObject { ["big"] = new string('x', 100_000) },
            JsonValue.Create("short"),
            JsonNode.Parse("""{"nested":{"a":[1,2,{"b":"</script>"}]}}"""),
            null,
        };
        await using var connection = await OpenAsync();
        await using (var write = new SqliteStatementWrite(connection, Sql, Names))
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                Set(write, $"r{i}", "n", 0L, 0.0, DBNull.Value, DBNull.Value);
                write.SetJson(4, nodes[i]);
                await write.ExecuteAsync(CancellationToken.None);
            }
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT data FROM t ORDER BY id";
        await using var rows = await read.ExecuteReaderAsync();
        foreach (var node in nodes)
        {
            Assert.True(await rows.ReadAsync());
            Assert.Equal(node is null ? DBNull.Value : DbValues.Json(node), rows.GetValue(0));
        }
    }

    [Fact]
    public async Task SetJson_AfterAValueTooDeepAndOneOverTheKeptBuffer_BindsTheNextValueWhole()
    {
        JsonNode tooDeep = new JsonArray();
        for (var i = 0; i < 1100; i++)
        {
            tooDeep = new JsonArray(tooDeep);
        }

        var big = new JsonObject { ["text"] = new string('x', 100_000) };
        var small = new JsonObject { ["count"] = 10 };
        await using var connection = await OpenAsync();
        await using (var write = new SqliteStatementWrite(connection, Sql, Names))
        {
            Set(write, "a", "Ada", 1L, 0.0, DBNull.Value, DBNull.Value);
            Assert.ThrowsAny<Exception>(() => write.SetJson(4, tooDeep));
            write.SetJson(4, small);
            await write.ExecuteAsync(CancellationToken.None);
            write.SetText(0, "b");
            write.SetJson(4, big);
            await write.ExecuteAsync(CancellationToken.None);
            write.SetText(0, "c");
            write.SetJson(4, small);
            await write.ExecuteAsync(CancellationToken.None);
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT data FROM t ORDER BY id";
        await using var rows = await read.ExecuteReaderAsync();
        string[] expected = [DbValues.Json(small), DbValues.Json(big), DbValues.Json(small)];
        foreach (var text in expected)
        {
            Assert.True(await rows.ReadAsync());
            Assert.Equal(text, rows.GetString(0));
        }
    }

    [Fact]
    public async Task SetJson_OneTreeInTwoColumns_BothHoldItsTextAndTheNextRowSeesItsChanges()
    {
        const string sql = "INSERT INTO t (id, name, data, note) VALUES (@id, @name, @data, @note)";
        var tree = new JsonObject { ["count"] = 1, ["text"] = "a \"b\"" };
        await using var connection = await OpenAsync();
        await using (var write = new SqliteStatementWrite(connection, sql, ["@id", "@name", "@data", "@note"]))
        {
            write.SetText(0, "a");
            write.SetJson(1, tree);
            write.SetJson(2, tree);
            write.SetJson(3, tree);
            await write.ExecuteAsync(CancellationToken.None);
            tree["count"] = 2;
            write.SetText(0, "b");
            write.SetJson(1, new JsonObject { ["other"] = true });
            write.SetJson(2, tree);
            write.SetJson(3, tree);
            await write.ExecuteAsync(CancellationToken.None);
            write.SetText(0, "c");
            write.SetJson(1, tree);
            tree["count"] = 3;
            await write.ExecuteAsync(CancellationToken.None);
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, name, data, note FROM t ORDER BY id";
        await using var rows = await read.ExecuteReaderAsync();
        Assert.True(await rows.ReadAsync());
        Assert.Equal(["a", "{\"count\":1,\"text\":\"a \\\"b\\\"\"}", "{\"count\":1,\"text\":\"a \\\"b\\\"\"}", "{\"count\":1,\"text\":\"a \\\"b\\\"\"}"], Row(rows));
        Assert.True(await rows.ReadAsync());
        Assert.Equal(["b", "{\"other\":true}", "{\"count\":2,\"text\":\"a \\\"b\\\"\"}", "{\"count\":2,\"text\":\"a \\\"b\\\"\"}"], Row(rows));
        Assert.True(await rows.ReadAsync());
        Assert.Equal("{\"count\":2,\"text\":\"a \\\"b\\\"\"}", rows.GetString(1));
    }

    [Fact]
    public async Task Execute_ConstraintBroken_SqliteExceptionAndTheStatementRunsAgain()
    {
        await using var connection = await OpenAsync();
        await using var write = new SqliteStatementWrite(connection, Sql, Names);
        Set(write, "a", "Ada", 1L, 0.0, DBNull.Value, DBNull.Value);
        await write.ExecuteAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<SqliteException>(async () => await write.ExecuteAsync(CancellationToken.None));

        Assert.Equal(SQLitePCL.raw.SQLITE_CONSTRAINT, error.SqliteErrorCode);
        Assert.Contains("UNIQUE constraint failed: t.id", error.Message, StringComparison.Ordinal);
        write.Set(0, "b");
        Assert.Equal(1, await write.ExecuteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Set_ValueOfAnUnstorableType_NamesTheType()
    {
        await using var connection = await OpenAsync();
        await using var write = new SqliteStatementWrite(connection, Sql, Names);

        var error = Assert.Throws<ArgumentException>(() => write.Set(2, DateTimeOffset.UnixEpoch));

        Assert.StartsWith("A value of type DateTimeOffset cannot be stored (parameter 2).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_ParameterNotInTheStatement_NamesIt()
    {
        await using var connection = await OpenAsync();

        var error = Assert.Throws<ArgumentException>(() => new SqliteStatementWrite(connection, Sql, [.. Names, "@missing"]));

        Assert.StartsWith("Parameter @missing is not in the statement.", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();

    private static void Set(SqliteStatementWrite write, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            write.Set(i, values[i]);
        }
    }

    private static object[] Row(SqliteDataReader rows) =>
        [.. Enumerable.Range(0, rows.FieldCount).Select(rows.GetValue)];

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = await SqliteStorageTests.OpenAsync(Path.Combine(folder.Path, "statements.db"));
        await using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT NOT NULL, score INTEGER, ratio REAL, data BLOB, note TEXT)";
        await create.ExecuteNonQueryAsync();
        return connection;
    }
}
