using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage.Postgres;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>Claims and saves from several processes at once, and the row locks behind them.</summary>
public sealed partial class PostgresStorageTests
{
    [PostgresFact]
    public async Task ClaimResumableAsync_Query_CanUseThePartialResumableIndex()
    {
        await OpenAsync(database);
        var dialect = new PostgresDialect(NpgsqlDataSource.Create(database), "test", TimeSpan.FromSeconds(1));
        try
        {
            await using var connection = await PostgresSql.OpenAsync(database);
            await using (var planner = new NpgsqlCommand("SET enable_seqscan = off", connection))
            {
                await planner.ExecuteNonQueryAsync();
            }

            // A tiny table would be scanned anyway; with scans off, the plan shows whether the index fits the query.
            await using var explain = new NpgsqlCommand("EXPLAIN " + dialect.ClaimResumableSql, connection);
            explain.Parameters.AddWithValue("owner", "node");
            explain.Parameters.AddWithValue("lease_until", 2L);
            explain.Parameters.AddWithValue("now", 1L);
            explain.Parameters.AddWithValue("limit", 10);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            Assert.Contains(plan, line => line.Contains("ix_executions_resumable", StringComparison.Ordinal));
        }
        finally
        {
            dialect.ReleaseResources();
        }
    }

    [PostgresFact]
    public async Task TryClaimAsync_TwoProcessesRacingForEachRun_ExactlyOneWinsEach()
    {
        var a = await OpenAsync(database);
        var b = await OpenAsync(database);
        var ids = Enumerable.Range(0, 40).Select(index => $"run-{index}").ToList();
        foreach (var id in ids)
        {
            await a.Executions.CreateExecutionAsync(Records.Execution(id, time.GetUtcNow()));
        }

        var results = await Task.WhenAll(ids.Select(async id =>
        {
            var claims = await Task.WhenAll(
                a.Executions.TryClaimAsync(id, "node-a", time.GetUtcNow() + Lease),
                b.Executions.TryClaimAsync(id, "node-b", time.GetUtcNow() + Lease));
            return (id, claims);
        }));

        Assert.All(results, result => Assert.Single(result.claims, won => won));
        var owners = await PostgresSql.ColumnAsync<string>(database, "SELECT DISTINCT lease_owner FROM executions ORDER BY 1");
        Assert.Subset(new HashSet<string> { "node-a", "node-b" }, owners.ToHashSet());
    }

    [PostgresFact]
    public async Task ClaimResumableAsync_ParallelClaimersOnSeparateConnections_NeverShareARun()
    {
        const int runs = 300;
        var creator = await OpenAsync(database);
        for (var index = 0; index < runs; index++)
        {
            await creator.Executions.CreateExecutionAsync(
                Records.Execution($"run-{index:D3}", time.GetUtcNow().AddMilliseconds(index), priority: index % 3));
        }

        var claimers = new List<StepwiseStorage>();
        for (var node = 0; node < 4; node++)
        {
            claimers.Add(await OpenAsync(database));
        }

        var claimed = await Task.WhenAll(claimers.Select(async (store, node) =>
        {
            var mine = new List<string>();
            while (true)
            {
                var batch = await store.Executions.ClaimResumableAsync($"node-{node}", time.GetUtcNow() + Lease, 7);
                if (batch.Count == 0)
                {
                    return (node, mine);
                }

                mine.AddRange(batch.Select(run => run.Id));
            }
        }));

        var all = claimed.SelectMany(result => result.mine).ToList();
        Assert.Equal(runs, all.Count);
        Assert.Equal(runs, all.Distinct().Count());
        foreach (var (node, mine) in claimed)
        {
            var owned = await PostgresSql.ColumnAsync<string>(
                database, $"SELECT id FROM executions WHERE lease_owner = 'node-{node}' ORDER BY id");
            Assert.Equal(mine.Order(StringComparer.Ordinal), owned);
        }
    }

    [PostgresFact]
    public async Task ClaimResumableAsync_RowLockedByAnotherTransaction_SkipsItInsteadOfWaiting()
    {
        var storage = await OpenAsync(database);
        await storage.Executions.CreateExecutionAsync(Records.Execution("locked", time.GetUtcNow(), priority: 9));
        await storage.Executions.CreateExecutionAsync(Records.Execution("free", time.GetUtcNow()));
        await using var blocker = await PostgresSql.OpenAsync(database);
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM executions WHERE id = 'locked' FOR UPDATE", blocker, transaction))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        var claimed = await storage.Executions.ClaimResumableAsync("node-a", time.GetUtcNow() + Lease, 10);
        await transaction.RollbackAsync();
        var later = await storage.Executions.ClaimResumableAsync("node-a", time.GetUtcNow() + Lease, 10);

        Assert.Equal(["free"], claimed.Select(run => run.Id));
        Assert.Equal(["locked"], later.Select(run => run.Id));
    }

    [PostgresFact]
    public async Task TryClaimAsync_RowLockedPastTheBusyTimeout_ThrowsBusyNamingTheClaim()
    {
        var storage = await OpenAsync(database, new StorageOptions { BusyTimeout = TimeSpan.FromMilliseconds(50) });
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
        await using var blocker = await PostgresSql.OpenAsync(database);
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM executions WHERE id = 'e' FOR UPDATE", blocker, transaction))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StorageBusyException>(
            () => storage.Executions.TryClaimAsync("e", "node-a", time.GetUtcNow() + Lease));
        await transaction.RollbackAsync();

        Assert.Contains("Claiming execution 'e' for 'node-a'", error.Message, StringComparison.Ordinal);
        Assert.True(await storage.Executions.TryClaimAsync("e", "node-a", time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task SaveVersionAsync_TwoProcessesSavingAtOnce_NumberVersionsWithoutGapsOrDuplicates()
    {
        var a = await OpenAsync(database);
        var b = await OpenAsync(database);

        var saved = await Task.WhenAll(Enumerable.Range(0, 30).Select(index =>
            (index % 2 == 0 ? a : b).Workflows.SaveVersionAsync("acme", "orders", $"name: orders # {index}")));
        var same = await Task.WhenAll(
            a.Workflows.SaveVersionAsync("acme", "billing", "name: billing"),
            b.Workflows.SaveVersionAsync("acme", "billing", "name: billing"));

        Assert.Equal(Enumerable.Range(1, 30), saved.Select(version => version.Version).Order());
        Assert.Equal(Enumerable.Range(0, 30).Select(index => $"name: orders # {index}").Order(), saved.Select(v => v.Source).Order());
        Assert.Equal(1, same[0].Version);
        Assert.Equal(same[0], same[1]);
    }
}
