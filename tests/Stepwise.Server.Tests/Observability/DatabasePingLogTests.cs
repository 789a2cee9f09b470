using Stepwise.Server.Health;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Tests.Observability;

public sealed class DatabasePingLogTests
{
    [Fact]
    public void Observe_OutageAndRecovery_LogsOncePerChangeOfState()
    {
        using var capture = new LogCapture(() => new TextLogFormatter());
        var log = new DatabasePingLog(capture.Logger<DatabasePingLog>());

        log.Observe(null);
        log.Observe("connection refused");
        log.Observe("connection refused");
        log.Observe("no answer within 2s");
        log.Observe(null);
        log.Observe(null);
        log.Observe("the database is locked");

        var lines = capture.Lines;
        Assert.Equal(3, lines.Count);
        Assert.Contains("database ping failed: connection refused", lines[0], StringComparison.Ordinal);
        Assert.Contains("warn", lines[0], StringComparison.Ordinal);
        Assert.Contains("database ping ok", lines[1], StringComparison.Ordinal);
        Assert.Contains("database ping failed: the database is locked", lines[2], StringComparison.Ordinal);
    }
}
