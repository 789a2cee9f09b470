using System.Buffers;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Benchmarks;

/// <summary>
/// The four lines a webhook request logs at LOG_LEVEL=info (request.start, execution.start, execution.end,
/// request.end, with the server's templates), in the scopes a request has (its span's ids, the connection, the
/// request id): <see cref="Capture"/> is what the request's thread pays (the provider's capture into a
/// <see cref="LogLine"/>), <see cref="Format"/> what the log writer's thread pays to turn them into JSON. Per request
/// (the four lines).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public partial class LogPipelineBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(8 * 1024);
    private readonly JsonLogFormatter _json = new();
    private readonly TextLogFormatter _text = new();
    private KeptLines _kept = null!;
    private ILoggerFactory _factory = null!;
    private ILogger _requestLogger = null!;
    private ILogger _engineLogger = null!;
    private Activity _request = null!;
    private LogLine[] _lines = [];

    [GlobalSetup]
    public void Setup()
    {
        _kept = new KeptLines();
        var provider = new StepwiseLoggerProvider(_kept, new LevelRules(LogLevel.Information), addSource: false, TimeProvider.System);
        _factory = LoggerFactory.Create(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.Configure(options =>
                options.ActivityTrackingOptions = ActivityTrackingOptions.SpanId | ActivityTrackingOptions.TraceId | ActivityTrackingOptions.ParentId);
            logging.Services.AddSingleton<ILoggerProvider>(provider);
        });
        _requestLogger = _factory.CreateLogger("Stepwise.Server.Http.RequestIdMiddleware");
        _engineLogger = _factory.CreateLogger("Stepwise.Engine");
        _request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        Capture();
        _lines = [.. _kept.Lines];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _request.Stop();
        _factory.Dispose();
    }

    [Benchmark]
    public void Capture()
    {
        using var connection = _requestLogger.BeginScope(new FieldScope("ConnectionId", "0HNQK6BJGLNAB"));
        using var request = _requestLogger.BeginScope(new FieldScope("request_id", "01a24f62-bd78-788d-b56b-3b78eb997426"));
        RequestStart(_requestLogger, "POST", "/hooks/default/greet", "01a24f62-bd78-788d-b56b-3b78eb997426");
        ExecutionStarted(_engineLogger, "01a24f62-bd78-7e54-a8ec-0fba4502196b", "greet", 1);
        ExecutionFinished(_engineLogger, "01a24f62-bd78-7e54-a8ec-0fba4502196b", "greet", "succeeded", 0.0052);
        RequestEnd(_requestLogger, "POST", "/hooks/default/greet", 200, 1.65, "01a24f62-bd78-788d-b56b-3b78eb997426", null);
    }

    [Benchmark]
    public int Format()
    {
        _output.ResetWrittenCount();
        foreach (var line in _lines)
        {
            _json.Format(line, _output);
        }

        return _output.WrittenCount;
    }

    [Benchmark]
    public int FormatText()
    {
        _output.ResetWrittenCount();
        foreach (var line in _lines)
        {
            _text.Format(line, _output);
        }

        return _output.WrittenCount;
    }

    // The server's templates (Stepwise.Server.Log, Stepwise.Core.Scheduling.Log), which are internal to their projects.
    [LoggerMessage(EventId = 1, EventName = "request.start", Level = LogLevel.Information,
        Message = "request.start {method} {path} request_id={request_id}")]
    private static partial void RequestStart(ILogger logger, string method, string path, string request_id);

    [LoggerMessage(EventId = 2, EventName = "request.end", Level = LogLevel.Information,
        Message = "request.end {method} {path} {status_code} in {duration_ms} ms request_id={request_id} user_id={user_id}")]
    private static partial void RequestEnd(
        ILogger logger, string method, string path, int status_code, double duration_ms, string request_id, string? user_id);

    [LoggerMessage(EventId = 3, EventName = "execution.start", Level = LogLevel.Information,
        Message = "execution.start execution_id={ExecutionId} workflow={Workflow} version={Version}")]
    private static partial void ExecutionStarted(ILogger logger, string executionId, string workflow, int version);

    [LoggerMessage(EventId = 4, EventName = "execution.end", Level = LogLevel.Information,
        Message = "execution.end execution_id={ExecutionId} workflow={Workflow} status={Status} duration_ms={DurationMs}")]
    private static partial void ExecutionFinished(ILogger logger, string executionId, string workflow, string status, double durationMs);

    /// <summary>Keeps the last four lines: what the request's thread hands over, without a writer behind it.</summary>
    private sealed class KeptLines : ILogLineSink
    {
        private readonly LogLine[] _lines = new LogLine[4];
        private int _next;

        public IEnumerable<LogLine> Lines => _lines;

        public void Write(LogLine line)
        {
            _lines[_next] = line;
            _next = (_next + 1) % _lines.Length;
        }
    }
}
