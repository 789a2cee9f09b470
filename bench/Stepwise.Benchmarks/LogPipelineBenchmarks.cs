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
/// request id): <see cref="CaptureAndFormat"/> (and <see cref="CaptureAndFormatText"/>) is what the request's thread
/// pays, the provider filling its thread's line and formatting it into its bytes, JSON (text); <see cref="WriterCopy"/>
/// is what the log writer's thread is left with, copying those bytes out of the batch the loggers filled. Per request
/// (the four lines).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public partial class LogPipelineBenchmarks
{
    private readonly KeptLines _jsonLines = new();
    private readonly KeptLines _textLines = new();
    private readonly LogLineBatch _batch = new();
    private readonly NullOutput _output = new();
    private ILoggerFactory _factory = null!;
    private ILogger _requestLogger = null!;
    private ILogger _engineLogger = null!;
    private ILoggerFactory _textFactory = null!;
    private ILogger _textRequestLogger = null!;
    private ILogger _textEngineLogger = null!;
    private Activity _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _factory = Factory(_jsonLines, static () => new JsonLogFormatter());
        _requestLogger = _factory.CreateLogger("Stepwise.Server.Http.RequestIdMiddleware");
        _engineLogger = _factory.CreateLogger("Stepwise.Engine");
        _textFactory = Factory(_textLines, static () => new TextLogFormatter());
        _textRequestLogger = _textFactory.CreateLogger("Stepwise.Server.Http.RequestIdMiddleware");
        _textEngineLogger = _textFactory.CreateLogger("Stepwise.Engine");
        _request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        CaptureAndFormat();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _request.Stop();
        _factory.Dispose();
        _textFactory.Dispose();
    }

    [Benchmark]
    public int CaptureAndFormat() => LogRequest(_requestLogger, _engineLogger, _jsonLines);

    [Benchmark]
    public int CaptureAndFormatText() => LogRequest(_textRequestLogger, _textEngineLogger, _textLines);

    /// <summary>
    /// The four lines into the batch (each logger's copy, made under the writer's lock), then out of it to an output
    /// that keeps nothing (the writer's thread).
    /// </summary>
    [Benchmark]
    public int WriterCopy()
    {
        for (var i = 0; i < KeptLines.Count; i++)
        {
            _batch.Add(_jsonLines.Line(i));
        }

        var written = _batch.Length;
        _batch.WriteTo(_output);
        _batch.Clear();
        return written;
    }

    private static ILoggerFactory Factory(KeptLines sink, Func<ILogLineFormatter> formatters)
    {
        var provider = new StepwiseLoggerProvider(sink, formatters, new LevelRules(LogLevel.Information), addSource: false, TimeProvider.System);
        return LoggerFactory.Create(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.Configure(options =>
                options.ActivityTrackingOptions = ActivityTrackingOptions.SpanId | ActivityTrackingOptions.TraceId | ActivityTrackingOptions.ParentId);
            logging.Services.AddSingleton<ILoggerProvider>(provider);
        });
    }

    private static int LogRequest(ILogger requestLogger, ILogger engineLogger, KeptLines lines)
    {
        using var connection = requestLogger.BeginScope(new FieldScope("ConnectionId", "0HNQK6BJGLNAB"));
        using var request = requestLogger.BeginScope(new FieldScope("request_id", "01a24f62-bd78-788d-b56b-3b78eb997426"));
        RequestStart(requestLogger, "POST", "/hooks/default/greet", "01a24f62-bd78-788d-b56b-3b78eb997426");
        ExecutionStarted(engineLogger, "01a24f62-bd78-7e54-a8ec-0fba4502196b", "greet", 1);
        ExecutionFinished(engineLogger, "01a24f62-bd78-7e54-a8ec-0fba4502196b", "greet", "succeeded", 0.0052);
        RequestEnd(requestLogger, "POST", "/hooks/default/greet", 200, 1.65, "01a24f62-bd78-788d-b56b-3b78eb997426", null);
        return lines.Bytes;
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

    /// <summary>Keeps a copy of the last four lines' bytes, as the writer's batch would: what the request's thread hands over.</summary>
    private sealed class KeptLines : ILogLineSink
    {
        public const int Count = 4;

        private readonly ArrayBufferWriter<byte>[] _lines = [new(1024), new(1024), new(1024), new(1024)];
        private int _next;

        public ReadOnlySpan<byte> Line(int index) => _lines[index].WrittenSpan;

        public int Bytes { get; private set; }

        public void Write(ReadOnlySpan<byte> line)
        {
            var kept = _lines[_next];
            kept.ResetWrittenCount();
            kept.Write(line);
            Bytes += line.Length;
            _next = (_next + 1) % _lines.Length;
        }
    }

    /// <summary>An output that keeps nothing, as <c>/dev/null</c>: the writer's copying alone.</summary>
    private sealed class NullOutput : ILogOutput
    {
        public void Write(ReadOnlySpan<byte> line)
        {
        }

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
