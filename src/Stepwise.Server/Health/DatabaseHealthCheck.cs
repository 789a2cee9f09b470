using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Health;

/// <summary>
/// Opens a fresh connection and reads the schema version, within <see cref="Timeout"/>. Unhealthy when the store
/// is not open, the database cannot be reached in time, or its schema is not the one this build runs on (behind:
/// someone downgraded it; ahead: a newer stepwise upgraded it). Details carry the connection counts. Each ping's
/// outcome goes to <see cref="DatabasePingLog"/>, which logs changes of state.
/// </summary>
internal sealed class DatabaseHealthCheck(StoreHost store, TimeProvider time, DatabasePingLog pingLog) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public string Name => "database";

    public bool GatesReadiness => true;

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (!store.IsOpen)
        {
            return HealthCheckResult.Unhealthy("the store is not open yet");
        }

        var diagnostics = store.Storage.Diagnostics;
        var details = PoolDetails(store);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var probe = await diagnostics.ProbeAsync(deadline.Token).WaitAsync(Timeout, time, cancellationToken);
            pingLog.Observe(null);
            details["schema_version"] = probe.SchemaVersion;
            details["head_version"] = probe.LatestVersion;
            if (probe.IsBehind)
            {
                return HealthCheckResult.Unhealthy(
                    $"the database schema is at version {probe.SchemaVersion}, behind this stepwise ({probe.LatestVersion}): " +
                    "run 'stepwise db upgrade', or restart the server, which upgrades it",
                    details);
            }

            if (probe.IsAhead)
            {
                return HealthCheckResult.Unhealthy(
                    $"the database schema is at version {probe.SchemaVersion}, ahead of this stepwise ({probe.LatestVersion}): " +
                    "a newer stepwise upgraded it; run that version",
                    details);
            }

            return await CheckWritesAsync(diagnostics, details, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            pingLog.Observe($"no answer within {Durations.Short(Timeout)}");
            return HealthCheckResult.Unhealthy($"database ping failed: no answer within {Durations.Short(Timeout)}", details);
        }
        catch (StorageException exception)
        {
            pingLog.Observe(exception.Message);
            return diagnostics.Fault is { } fault
                ? HealthCheckResult.Unhealthy($"the store cannot keep writes: {fault.Reason}", details)
                : HealthCheckResult.Unhealthy($"database ping failed: {exception.Message}", details);
        }
    }

    /// <summary>
    /// Unhealthy while writes meet a fault of the store (full disk, read-only, damaged file): reads may still work,
    /// but nothing new can be kept. A small write tells whether the fault has cleared, so an idle server recovers too.
    /// </summary>
    private async Task<HealthCheckResult> CheckWritesAsync(
        Storage.Diagnostics.StorageDiagnostics diagnostics, JsonObject details, CancellationToken cancellationToken)
    {
        if (diagnostics.Fault is null)
        {
            return HealthCheckResult.Healthy(details);
        }

        try
        {
            await diagnostics.ProbeWriteAsync(cancellationToken).WaitAsync(Timeout, time, cancellationToken);
        }
        catch (Exception exception) when (exception is StorageException or TimeoutException)
        {
            // The writer noted the fault again (or a newer one); the report below reads it.
        }

        if (diagnostics.Fault is not { } fault)
        {
            return HealthCheckResult.Healthy(details);
        }

        details["store_fault"] = fault.Reason;
        details["store_fault_since"] = fault.Since;
        return HealthCheckResult.Unhealthy($"the store cannot keep writes: {fault.Reason}", details);
    }

    public static JsonObject PoolDetails(StoreHost store)
    {
        var stats = store.Storage.Diagnostics.Connections;
        return new JsonObject
        {
            ["engine"] = stats.Engine,
            ["max_connections"] = stats.MaxConnections,
            ["open_connections"] = stats.OpenConnections,
            ["in_use"] = stats.InUse,
            ["idle"] = stats.Idle,
            ["writer_connections"] = stats.WriterConnections,
            ["queued_writes"] = stats.QueuedWrites,
            ["readers_in_use"] = stats.ReadersInUse,
            ["readers_opened_total"] = stats.ReadersOpenedTotal,
        };
    }
}
