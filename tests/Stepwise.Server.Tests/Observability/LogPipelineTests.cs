using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Tests.Observability;

/// <summary>
/// What the server's logging provider captures on the logging thread (fields, scopes, snapshots of values) and how its
/// writer turns that into lines later, on its own thread.
/// </summary>
public sealed class LogPipelineTests
{
    [Fact]
    public void Capture_CollectionChangedAfterLogging_LineShowsItAsLogged()
    {
        var held = new HeldLines();
        using var factory = Factory(held);
        var ids = new List<string> { "a", "b" };

        TestLog.BatchDone(factory.CreateLogger("Stepwise.Tests"), ids, 1.26);
        ids.Add("c");
        ids.Clear();

        var line = JsonNode.Parse(held.FormatAll(new JsonLogFormatter()).Single())!;
        Assert.Equal(["a", "b"], line["ids"]!.AsArray().Select(id => (string?)id));
        Assert.Equal("batch.done {ids} a, b in 1.3 ms", (string?)line["message"]);
    }

    [Fact]
    public void Capture_NestedScopes_InnerScopeWinsAndTheEventsOwnFieldWinsOverBoth()
    {
        using var capture = new LogCapture(new JsonLogFormatter());
        var logger = capture.Logger();

        using (logger.BeginScope(new Dictionary<string, object?> { ["tenant"] = "outer", ["request_id"] = "req-outer" }))
        using (logger.BeginScope(new Dictionary<string, object?> { ["tenant"] = "inner", ["workflow"] = "from-scope" }))
        {
            TestLog.ExecutionFinished(logger, "ex-1", "greet", "succeeded", 2);
        }

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("inner", (string?)line["tenant"]);
        Assert.Equal("req-outer", (string?)line["request_id"]);
        Assert.Equal("greet", (string?)line["workflow"]);
    }

    [Fact]
    public void Capture_PlainScopes_WrittenAsTextOutermostFirst()
    {
        using var capture = new LogCapture(new JsonLogFormatter());
        var logger = capture.Logger();

        using (logger.BeginScope("deploy"))
        using (logger.BeginScope("step 2"))
        {
            // As the framework logs (its FormattedLogValues), not as Stepwise does with [LoggerMessage].
#pragma warning disable CA1848
            logger.LogInformation("plain {Count}", 3);
#pragma warning restore CA1848
        }

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("deploy => step 2", (string?)line["scope"]);
        Assert.Equal("plain 3", (string?)line["message"]);
        Assert.Equal(3, (int)line["count"]!);
    }

    [Fact]
    public void Capture_StateWithoutTemplate_MessageFromItsFormatter()
    {
        using var capture = new LogCapture(new JsonLogFormatter());

        capture.Logger().Log(LogLevel.Warning, new EventId(7, "custom.state"), 42, null, (state, _) => $"the answer is {state}");

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("the answer is 42", (string?)line["message"]);
        Assert.Equal("custom.state", (string?)line["event"]);
        Assert.Equal("warn", (string?)line["level"]);
    }

    [Fact]
    public void Capture_ValueWhoseToStringThrows_EventStillWrittenWithoutFields()
    {
        using var capture = new LogCapture(new JsonLogFormatter());

        TestLog.ValueLogged(capture.Logger(), new Unprintable());

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("value.logged", (string?)line["event"]);
        Assert.Equal(
            "the fields of this event could not be read (InvalidOperationException: not printable)", (string?)line["message"]);
    }

    [Fact]
    public void Capture_ValueWhoseToStringLogs_BothLinesKeepTheirFields()
    {
        using var capture = new LogCapture(new JsonLogFormatter());
        var logger = capture.Logger();

        TestLog.PairLogged(logger, "outer", new LogsWhenPrinted(logger));

        var lines = capture.Lines.Select(text => JsonNode.Parse(text)!).ToList();
        var inner = lines.Single(line => (string?)line["event"] == "execution.end");
        Assert.Equal("ex-inner", (string?)inner["execution_id"]);
        var outer = lines.Single(line => (string?)line["event"] == "pair.logged");
        Assert.Equal("outer", (string?)outer["first"]);
        Assert.Equal("printed", (string?)outer["second"]);
        Assert.Equal("pair.logged outer printed", (string?)outer["message"]);
    }

    [Fact]
    public void Capture_TimesAndJson_WrittenAsText()
    {
        using var capture = new LogCapture(new JsonLogFormatter());
        var at = new DateTimeOffset(2026, 12, 7, 6, 30, 0, 250, TimeSpan.FromHours(2));

        TestLog.PairLogged(capture.Logger(), "x", at);
        TestLog.PairLogged(capture.Logger(), "y", new JsonObject { ["a"] = 1 });

        var lines = capture.Lines.Select(text => JsonNode.Parse(text)!).ToList();
        Assert.Equal("2026-12-07T04:30:00.250Z", (string?)lines[0]["second"]);
        Assert.Equal("pair.logged x 2026-12-07T04:30:00.250Z", (string?)lines[0]["message"]);
        Assert.Equal("{\"a\":1}", (string?)lines[1]["second"]);
    }

    [Fact]
    public void Capture_SecretKeysOfALoggedDictionary_Masked()
    {
        using var capture = new LogCapture(new JsonLogFormatter());

        TestLog.ValueLogged(capture.Logger(), new Dictionary<string, string> { ["user"] = "ada", ["client_secret"] = "s3cr3t" });

        var text = capture.Lines.Single();
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        var value = JsonNode.Parse(text)!["value"]!;
        Assert.Equal("ada", (string?)value["user"]);
        Assert.Equal(LogFieldNames.Redacted, (string?)value["client_secret"]);
    }

    [Fact]
    public void Template_HoleWithoutItsField_WrittenAsItStands()
    {
        var line = new LogLine(
            DateTime.UnixEpoch, LogLevel.Information, null, "Stepwise.Tests", LogTemplate.For("{A} and {B,5:x} {{literal}}"),
            null, [new("A", 1)], null, null);
        var message = new StringBuilder();

        line.RenderMessage(message);

        Assert.Equal("1 and {B,5:x} {literal}", message.ToString());
    }

    [Fact]
    public void Writer_LineThatCannotBeFormatted_WrittenAsWhatItWasAndLaterLinesFollow()
    {
        var output = new MemoryOutput();
        using (var writer = new LogLineWriter(output, new JsonLogFormatter()))
        {
            writer.Write(new LogLine(
                DateTime.UnixEpoch, LogLevel.Error, "broken.exception", "Stepwise.Tests", LogTemplate.For("failed"), null, [],
                new UnprintableException(), null));
            writer.Write(new LogLine(
                DateTime.UnixEpoch, LogLevel.Information, "after", "Stepwise.Tests", LogTemplate.For("after"), null, [], null, null));
        }

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(text => JsonNode.Parse(text)!).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("broken.exception", (string?)lines[0]["event"]);
        Assert.Equal(
            "this line could not be formatted (InvalidOperationException: no stack today)", (string?)lines[0]["message"]);
        Assert.Equal("after", (string?)lines[1]["event"]);
    }

    [Fact]
    public async Task Writer_OutputBlocked_LoggersReturnAndEveryLineIsWrittenOnceItMoves()
    {
        using var output = new BlockingOutput();
        using (var writer = new LogLineWriter(output, new JsonLogFormatter()))
        {
            // Writing blocks the writer's own thread, never the loggers': all fifty return while the output is stuck.
            await Task.Run(() => WriteNumbered(writer, 50)).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(30)));

            output.Release();
        }

        Assert.Equal(Enumerable.Range(0, 50), output.Numbers());
    }

    [Fact]
    public async Task Writer_QueueFull_LoggerWaitsForRoomAndNoLineIsLost()
    {
        using var output = new BlockingOutput();
        using (var writer = new LogLineWriter(output, new JsonLogFormatter(), capacity: 3))
        {
            var logging = Task.Run(() => WriteNumbered(writer, 10));
            Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(30)));

            // One line in the stuck output and three queued: the logger of the fifth waits instead of dropping it.
            await Task.Delay(200);
            Assert.False(logging.IsCompleted);

            output.Release();
            await logging.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(Enumerable.Range(0, 10), output.Numbers());
    }

    [Fact]
    public void Writer_OutputFails_WaitingLinesDroppedAndLaterLinesWritten()
    {
        using var output = new FailingOnceOutput();
        using (var writer = new LogLineWriter(output, new JsonLogFormatter()))
        {
            WriteNumbered(writer, 1);
            Assert.True(output.Failed.Wait(TimeSpan.FromSeconds(30)));

            // Lines queued while the failed batch is dropped go with it; the writer carries on, so a later one arrives.
            for (var n = 1; n <= 300 && !output.Written.IsSet; n++)
            {
                writer.Write(new LogLine(
                    DateTime.UnixEpoch, LogLevel.Information, "numbered", "Stepwise.Tests", LogTemplate.For("line {n}"), null,
                    [new("n", n)], null, null));
                output.Written.Wait(TimeSpan.FromMilliseconds(100));
            }
        }

        Assert.True(output.Written.IsSet);
        Assert.DoesNotContain(0, output.Numbers());
    }

    private static void WriteNumbered(LogLineWriter writer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            writer.Write(new LogLine(
                DateTime.UnixEpoch, LogLevel.Information, "numbered", "Stepwise.Tests", LogTemplate.For("line {n}"), null,
                [new("n", i)], null, null));
        }
    }

    private static ILoggerFactory Factory(ILogLineSink sink) => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Debug);
        logging.AddProvider(new StepwiseLoggerProvider(sink, new LevelRules(LogLevel.Information), false, TimeProvider.System));
    });

    /// <summary>Keeps the captured lines unformatted, as the writer's queue does, until the test formats them.</summary>
    private sealed class HeldLines : ILogLineSink
    {
        private readonly List<LogLine> lines = [];

        public void Write(LogLine line) => lines.Add(line);

        public IEnumerable<string> FormatAll(ILogLineFormatter formatter)
        {
            var output = new ArrayBufferWriter<byte>();
            foreach (var line in lines)
            {
                formatter.Format(line, output);
            }

            return Encoding.UTF8.GetString(output.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private sealed class MemoryOutput : ILogOutput
    {
        private readonly MemoryStream stream = new();

        public string Text => Encoding.UTF8.GetString(stream.ToArray());

        public void Write(ReadOnlySpan<byte> line) => stream.Write(line);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>An output whose writes wait until the test releases it, as a stuck disk or pipe would.</summary>
    private sealed class BlockingOutput : ILogOutput
    {
        private readonly ManualResetEventSlim released = new();
        private readonly MemoryStream stream = new();

        public ManualResetEventSlim Entered { get; } = new();

        public void Release() => released.Set();

        public IEnumerable<int> Numbers() =>
            Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(text => (int)JsonNode.Parse(text)!["n"]!);

        public void Write(ReadOnlySpan<byte> line)
        {
            Entered.Set();
            released.Wait();
            stream.Write(line);
        }

        public void Flush()
        {
        }

        public void Dispose()
        {
            released.Dispose();
            Entered.Dispose();
        }
    }

    /// <summary>An output whose first write fails as a closed one would, and which works after that.</summary>
    private sealed class FailingOnceOutput : ILogOutput
    {
        private readonly MemoryStream stream = new();

        public ManualResetEventSlim Failed { get; } = new();

        public ManualResetEventSlim Written { get; } = new();

        public IEnumerable<int> Numbers() =>
            Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(text => (int)JsonNode.Parse(text)!["n"]!);

        public void Write(ReadOnlySpan<byte> line)
        {
            if (!Failed.IsSet)
            {
                Failed.Set();
                throw new ObjectDisposedException("stdout");
            }

            stream.Write(line);
            Written.Set();
        }

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class LogsWhenPrinted(ILogger logger)
    {
        public override string ToString()
        {
            TestLog.ExecutionFinished(logger, "ex-inner", "greet", "succeeded", 1);
            return "printed";
        }
    }

    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("not printable");
    }

    private sealed class UnprintableException : Exception
    {
        public override string ToString() => throw new InvalidOperationException("no stack today");
    }
}
