using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stepwise.Server.Hosting;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Tests.Observability;

/// <summary>
/// The current span's ids on log lines (<c>span_id</c>, <c>trace_id</c>, <c>parent_id</c>), which the provider reads
/// off <see cref="Activity.Current"/> itself, where they were Microsoft.Extensions.Logging's activity tracking's.
/// </summary>
public sealed class SpanFieldsTests
{
    private const string ZeroSpan = "0000000000000000";

    [Fact]
    public void Json_InsideASpan_IdsAfterTheEventsFieldsAndBeforeItsScopes()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        var logger = capture.Logger();
        using var span = StartSpan();

        using (logger.BeginScope(new FieldScope("request_id", "req-1")))
        {
            TestLog.ExecutionFinished(logger, "ex-1", "greet", "succeeded", 2);
        }

        var line = JsonNode.Parse(capture.Lines.Single())!.AsObject();
        Assert.Equal(span.SpanId.ToHexString(), (string?)line["span_id"]);
        Assert.Equal(span.TraceId.ToHexString(), (string?)line["trace_id"]);
        Assert.Equal(ZeroSpan, (string?)line["parent_id"]);

        // Where the activity tracking put them: the outermost scope's fields.
        Assert.Equal(
            ["timestamp", "level", "event", "message", "execution_id", "workflow", "status", "duration_ms",
                "span_id", "trace_id", "parent_id", "request_id", "logger"],
            line.Select(field => field.Key));
    }

    [Fact]
    public void Json_OutsideAnySpan_NoIds()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        Activity.Current = null;

        TestLog.ExecutionFinished(capture.Logger(), "ex-1", "greet", "succeeded", 2);

        var line = JsonNode.Parse(capture.Lines.Single())!.AsObject();
        Assert.False(line.ContainsKey("span_id"));
        Assert.False(line.ContainsKey("trace_id"));
        Assert.False(line.ContainsKey("parent_id"));
    }

    [Fact]
    public void Json_NestedSpan_NamesItsOwnSpanAndItsParent()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        var logger = capture.Logger();
        using var outer = StartSpan();
        using var inner = StartSpan();

        TestLog.ValueLogged(logger, "inside");
        inner.Stop();
        TestLog.ValueLogged(logger, "after");

        var lines = capture.Lines.Select(text => JsonNode.Parse(text)!).ToList();
        Assert.Equal(inner.SpanId.ToHexString(), (string?)lines[0]["span_id"]);
        Assert.Equal(outer.SpanId.ToHexString(), (string?)lines[0]["parent_id"]);
        Assert.Equal(outer.TraceId.ToHexString(), (string?)lines[0]["trace_id"]);
        Assert.Equal(outer.SpanId.ToHexString(), (string?)lines[1]["span_id"]);
        Assert.Equal(ZeroSpan, (string?)lines[1]["parent_id"]);
    }

    [Fact]
    public void Json_SpanContinuedFromACaller_ParentIsTheCallersSpan()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        using var span = new Activity("request").SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").Start();

        TestLog.ValueLogged(capture.Logger(), "continued");

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", (string?)line["trace_id"]);
        Assert.Equal("b7ad6b7169203331", (string?)line["parent_id"]);
        Assert.Equal(span.SpanId.ToHexString(), (string?)line["span_id"]);
    }

    [Fact]
    public void Json_ThreadWithoutASpanInsideAScope_LineHasTheScopesFieldsAndNoIds()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        var logger = capture.Logger();
        using var span = StartSpan();

        // A thread of its own, as the run queue's and the log writer's are: no span flows to it.
        var thread = new Thread(() =>
        {
            Activity.Current = null;
            using (logger.BeginScope(new FieldScope("request_id", "req-2")))
            {
                TestLog.ValueLogged(logger, "elsewhere");
            }
        });
        thread.Start();
        thread.Join();

        var line = JsonNode.Parse(capture.Lines.Single())!.AsObject();
        Assert.Equal("req-2", (string?)line["request_id"]);
        Assert.Equal("value.logged elsewhere", (string?)line["message"]);
        Assert.False(line.ContainsKey("span_id"));
        Assert.False(line.ContainsKey("trace_id"));
    }

    [Fact]
    public void Text_InsideASpan_LineAsOutsideOne()
    {
        using var capture = new LogCapture(() => new TextLogFormatter());
        var logger = capture.Logger();

        TestLog.ValueLogged(logger, "outside");
        using (StartSpan())
        {
            TestLog.ValueLogged(logger, "outside");
        }

        var lines = capture.Lines.Select(line => line[24..]).ToList();
        Assert.Equal(lines[0], lines[1]);
    }

    [Fact]
    public void Json_InsideASpan_IdsCostNoAllocation()
    {
        var sink = new LastLineSink();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new StepwiseLoggerProvider(
            sink, () => new JsonLogFormatter(), new LevelRules(LogLevel.Information), false, TimeProvider.System)));
        var logger = factory.CreateLogger("Stepwise.Tests");
        using var span = StartSpan();
        TestLog.PairLogged(logger, "warm", "up");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            TestLog.PairLogged(logger, "first", "second");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains($"\"span_id\":\"{span.SpanId.ToHexString()}\"", sink.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Setup_HostsActivityTracking_TurnedOffAsTheProviderWritesTheIds()
    {
        var builder = WebApplication.CreateBuilder();
        ServerLogging.Configure(builder.Logging, builder.Configuration);
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal(ActivityTrackingOptions.None, services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions);
    }

    private static Activity StartSpan() => new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

    /// <summary>Keeps a copy of the last line in bytes it holds already: a sink that allocates nothing per line.</summary>
    private sealed class LastLineSink : ILogLineSink
    {
        private readonly byte[] last = new byte[4096];
        private int length;

        public string LastLine => System.Text.Encoding.UTF8.GetString(last, 0, length);

        public void Write(ReadOnlySpan<byte> line)
        {
            line.CopyTo(last);
            length = line.Length;
        }
    }
}
