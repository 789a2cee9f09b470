using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Tests.Observability;

/// <summary>
/// What the server's logging provider makes of an event on the logging thread (its fields, its scopes', formatted there
/// into a buffer the thread reuses) and how the writer gets those bytes to the output on its own thread.
/// </summary>
public sealed class LogPipelineTests
{
    [Fact]
    public void Capture_CollectionChangedAfterLogging_LineShowsItAsLogged()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        var ids = new List<string> { "a", "b" };

        TestLog.BatchDone(capture.Logger(), ids, 1.26);
        ids.Add("c");
        ids.Clear();

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal(["a", "b"], line["ids"]!.AsArray().Select(id => (string?)id));
        Assert.Equal("batch.done {ids} a, b in 1.3 ms", (string?)line["message"]);
    }

    [Fact]
    public void Capture_NestedScopes_InnerScopeWinsAndTheEventsOwnFieldWinsOverBoth()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
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
        using var capture = new LogCapture(() => new JsonLogFormatter());
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
        using var capture = new LogCapture(() => new JsonLogFormatter());

        capture.Logger().Log(LogLevel.Warning, new EventId(7, "custom.state"), 42, null, (state, _) => $"the answer is {state}");

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("the answer is 42", (string?)line["message"]);
        Assert.Equal("custom.state", (string?)line["event"]);
        Assert.Equal("warn", (string?)line["level"]);
    }

    [Fact]
    public void Capture_ListOfFieldsLoggedAsAnObject_ItsFieldsAndTemplateRead()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        object state = new List<KeyValuePair<string, object?>>
        {
            new("Workflow", "greet"),
            new("Runs", 3),
            new("{OriginalFormat}", "ran {Workflow} {Runs} times"),
        };

        capture.Logger().Log(LogLevel.Information, new EventId(8, "as.object"), state, null, (_, _) => "not this");

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("ran greet 3 times", (string?)line["message"]);
        Assert.Equal("greet", (string?)line["workflow"]);
        Assert.Equal(3, (int)line["runs"]!);
    }

    [Fact]
    public void Capture_ValueWhoseToStringThrows_EventStillWrittenWithoutFields()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());

        TestLog.ValueLogged(capture.Logger(), new Unprintable());

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("value.logged", (string?)line["event"]);
        Assert.Equal("info", (string?)line["level"]);
        Assert.Equal("Stepwise.Tests", (string?)line["logger"]);
        Assert.Equal(
            "this line could not be formatted (InvalidOperationException: not printable)", (string?)line["message"]);
        Assert.Null(line["value"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Capture_ExceptionWhoseTextThrows_WrittenAsWhatItWasAndLaterLinesFollow(bool json)
    {
        using var capture = new LogCapture(json ? () => new JsonLogFormatter() : () => new TextLogFormatter());
        var logger = capture.Logger();

        TestLog.Unhandled(logger, "/api/v1/x", new UnprintableException());
        TestLog.ExecutionFinished(logger, "ex-after", "greet", "succeeded", 1);

        Assert.Equal(2, capture.Writes.Count);
        Assert.All(capture.Writes, write => Assert.EndsWith("\n", write, StringComparison.Ordinal));
        Assert.Contains("this line could not be formatted (InvalidOperationException: no stack today)", capture.Writes[0], StringComparison.Ordinal);
        Assert.Contains("ex-after", capture.Writes[1], StringComparison.Ordinal);
        if (json)
        {
            Assert.Equal("error", (string?)JsonNode.Parse(capture.Writes[0])!["level"]);
            Assert.Equal("ex-after", (string?)JsonNode.Parse(capture.Writes[1])!["execution_id"]);
        }
    }

    [Fact]
    public void Capture_AddSource_NamesTheCodeThatLoggedNotTheLoggingMachinery()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter(), addSource: true);

        TestLog.ExecutionFinished(capture.Logger(), "ex-1", "greet", "succeeded", 1);

        var source = (string?)JsonNode.Parse(capture.Lines.Single())!["source"];
        Assert.NotNull(source);
        Assert.StartsWith("Stepwise.Server.Tests.Observability.", source, StringComparison.Ordinal);
        Assert.DoesNotContain("StepwiseLoggerProvider", source, StringComparison.Ordinal);
        Assert.DoesNotContain("LogLineBuffer", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Capture_OneEvent_SinkGetsOneWholeLine()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        var logger = capture.Logger();

        TestLog.ExecutionFinished(logger, "ex-1", "greet", "succeeded", 1);
        TestLog.ExecutionFinished(logger, "ex-2", "greet", "succeeded", 2);

        Assert.Equal(2, capture.Writes.Count);
        Assert.Equal(["ex-1", "ex-2"], capture.Writes.Select(write => (string?)JsonNode.Parse(write)!["execution_id"]));
        Assert.All(capture.Writes, write => Assert.Equal(write.Length - 1, write.IndexOf('\n', StringComparison.Ordinal)));
    }

    [Fact]
    public void Capture_SameThreadLineAfterLine_NoObjectPerLine()
    {
        var sink = new CountingSink();
        using var factory = Factory(sink);
        var logger = factory.CreateLogger("Stepwise.Tests");
        using var scope = logger.BeginScope(new FieldScope("request_id", "req-1"));
        TestLog.PairLogged(logger, "warm", "up");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            TestLog.PairLogged(logger, "first", "second");
        }

        var perLine = (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000.0;

        // Nothing: the event's state, a struct, is read without being boxed (EventState), and its values are strings.
        Assert.Equal(0, perLine);
        Assert.Equal(1_001, sink.Lines);
        Assert.True(sink.Intact, "every line one JSON object with its request_id");
    }

    [Fact]
    public void Buffer_LineAfterLine_ReusesItsBytes()
    {
        var buffer = new LogLineBuffer(new JsonLogFormatter());
        var first = Fill(buffer, "first").ToArray();
        var capacity = buffer.Capacity;
        buffer.Clear();

        var second = Fill(buffer, "second").ToArray();
        buffer.Clear();

        Assert.Equal(capacity, buffer.Capacity);
        Assert.Equal("first", (string?)JsonNode.Parse(first)!["message"]);
        Assert.Equal("second", (string?)JsonNode.Parse(second)!["message"]);
        Assert.Null(buffer.Line.Exception);
        Assert.Equal(0, buffer.Line.Fields.Length);
    }

    [Fact]
    public void Buffer_HugeLine_WrittenWholeAndItsBufferLetGoAfterIt()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        var huge = new string('h', 1024 * 1024);

        TestLog.PairLogged(capture.Logger(), "huge", huge);
        TestLog.PairLogged(capture.Logger(), "small", "after");

        Assert.Equal(huge, (string?)JsonNode.Parse(capture.Writes[0])!["second"]);
        Assert.Equal("after", (string?)JsonNode.Parse(capture.Writes[1])!["second"]);
        var buffer = new LogLineBuffer(new JsonLogFormatter());
        _ = Fill(buffer, huge);
        Assert.True(buffer.Capacity > LogLineBuffer.KeptLineBytes);
        buffer.Clear();
        Assert.True(buffer.Capacity <= LogLineBuffer.KeptLineBytes, $"{buffer.Capacity} bytes kept");
    }

    [Fact]
    public void Capture_LongAndDeepCollections_WrittenBounded()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        object deep = "bottom";
        for (var i = 0; i < 12; i++)
        {
            deep = new List<object> { deep };
        }

        TestLog.PairLogged(capture.Logger(), "long", Enumerable.Range(0, 5_000));
        TestLog.PairLogged(capture.Logger(), "deep", deep);

        Assert.Equal(1_000, JsonNode.Parse(capture.Lines[0])!["second"]!.AsArray().Count);
        var node = JsonNode.Parse(capture.Lines[1])!["second"]!;
        var depth = 0;
        while (node is JsonArray array)
        {
            node = array.Single()!;
            depth++;
        }

        Assert.Equal(8, depth);
        Assert.Equal("List`1", (string?)node);
    }

    [Fact]
    public void Capture_ValueWhoseToStringLogs_BothLinesKeepTheirFields()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
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
    public void Capture_SequenceThatCanBeReadOnce_WrittenWholeInTheMessageAndTheField()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());

        TestLog.PairLogged(capture.Logger(), "x", new ReadableOnce([1, 2, 3]));

        var line = JsonNode.Parse(Assert.Single(capture.Lines))!;
        Assert.Equal("[1,2,3]", line["second"]!.ToJsonString());
        Assert.Equal("pair.logged x 1, 2, 3", (string?)line["message"]);
    }

    [Fact]
    public void Capture_TimesAndJson_WrittenAsText()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
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
        using var capture = new LogCapture(() => new JsonLogFormatter());

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
        var line = new LogLine();
        line.Start(DateTime.UnixEpoch, LogLevel.Information, null, "Stepwise.Tests", exception: null);
        line.SetMessage(LogTemplate.For("{A} and {B,5:x} {{literal}}"), null);
        line.AddField("A", 1);
        var message = new StringBuilder();

        line.RenderMessage(message);

        Assert.Equal("1 and {B,5:x} {literal}", message.ToString());
    }

    [Fact]
    public async Task Writer_OutputBlocked_LoggersReturnAndEveryLineIsWrittenOnceItMoves()
    {
        using var output = new BlockingOutput();
        using (var writer = new LogLineWriter(output))
        {
            // Writing blocks the writer's own thread, never the loggers': all fifty return while the output is stuck.
            await Task.Run(() => WriteNumbered(writer, 50)).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(30)));

            output.Release();
        }

        Assert.Equal(Enumerable.Range(0, 50), output.Numbers());
    }

    [Theory]
    [InlineData(3, LogLineWriter.DefaultByteCapacity)] // three lines a batch
    [InlineData(LogLineWriter.DefaultCapacity, 32)] // a numbered line is 8 bytes: four a batch
    public async Task Writer_BatchFull_LoggerWaitsForRoomAndNoLineIsLost(int capacity, int byteCapacity)
    {
        using var output = new BlockingOutput();
        using (var writer = new LogLineWriter(output, capacity, byteCapacity))
        {
            var logging = Task.Run(() => WriteNumbered(writer, 10));
            Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(30)));

            // One batch being written (stuck) and one filling cannot hold ten lines: the logger of a later line waits
            // instead of dropping it.
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
        using (var writer = new LogLineWriter(output))
        {
            WriteNumbered(writer, 1);
            Assert.True(output.Failed.Wait(TimeSpan.FromSeconds(30)));

            // Lines queued while the failed batch is dropped go with it; the writer carries on, so a later one arrives.
            for (var n = 1; n <= 300 && !output.Written.IsSet; n++)
            {
                writer.Write(Numbered(n));
                output.Written.Wait(TimeSpan.FromMilliseconds(100));
            }
        }

        Assert.True(output.Written.IsSet);
        Assert.DoesNotContain(0, output.Numbers());
    }

    [Fact]
    public void Writer_LinesKeepComing_LoggersDoNotWakeTheLingeringWriter()
    {
        // Windows long enough that a slow test thread still logs inside the one it means to.
        var gather = TimeSpan.FromMilliseconds(500);
        var output = new CountingOutput();
        using var writer = new LogLineWriter(output, gather: gather);

        writer.Write(Numbered(0));
        Assert.True(output.WaitFor(1, TimeSpan.FromSeconds(30)));
        var wakes = writer.Wakes;
        Assert.True(wakes <= 1);

        // Written, the writer lingers one window: the line logged now is gathered by it without waking anyone.
        writer.Write(Numbered(1));
        Assert.True(output.WaitFor(2, TimeSpan.FromSeconds(30)));
        Assert.Equal(wakes, writer.Wakes);

        // A window without lines parks it; then a line wakes it and is written.
        Assert.True(SpinWait.SpinUntil(() => writer.IsParked, TimeSpan.FromSeconds(30)));
        writer.Write(Numbered(2));
        Assert.True(output.WaitFor(3, TimeSpan.FromSeconds(30)));
        Assert.Equal(wakes + 1, writer.Wakes);
    }

    [Fact]
    public void Writer_LineLargerThanItsByteCapacity_WrittenWhole()
    {
        var output = new MemoryOutput();
        var huge = new string('h', 10_000);
        using (var writer = new LogLineWriter(output, byteCapacity: 1024))
        {
            writer.Write(Encoding.UTF8.GetBytes($"{{\"n\":0,\"huge\":\"{huge}\"}}\n"));
            writer.Write(Numbered(1));
        }

        var lines = output.Lines.Select(text => JsonNode.Parse(text)!).ToList();
        Assert.Equal(huge, (string?)lines[0]["huge"]);
        Assert.Equal(1, (int)lines[1]["n"]!);
    }

    [Fact]
    public void Writer_ManyThreadsLogging_EveryLineWholeUnmixedAndInItsThreadsOrder()
    {
        const int threads = 8;
        const int perThread = 2_000;
        var output = new MemoryOutput();
        var padding = new string('p', 300);

        // Disposing the writer writes what waits (the factory does not dispose a provider it was given).
        using (var writer = new LogLineWriter(output, capacity: 64))
        using (var factory = Factory(writer))
        {
            var logger = factory.CreateLogger("Stepwise.Tests");
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
            {
                using var scope = logger.BeginScope(new FieldScope("request_id", $"thread-{thread}"));
                for (var i = 0; i < perThread; i++)
                {
                    TestLog.PairLogged(logger, $"{thread}:{i}", padding);
                }
            });
        }

        var seen = new int[threads];
        var lines = output.Lines;
        Assert.Equal(threads * perThread, lines.Count);
        foreach (var text in lines)
        {
            var line = JsonNode.Parse(text)!;
            var parts = ((string?)line["first"])!.Split(':');
            var (thread, n) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
            Assert.Equal(seen[thread]++, n);
            Assert.Equal($"thread-{thread}", (string?)line["request_id"]);
            Assert.Equal(padding, (string?)line["second"]);
        }

        Assert.All(seen, count => Assert.Equal(perThread, count));
    }

    [Fact]
    public void Batch_BurstWritten_ItsBytesLetGoAndASmallBatchKeepsThem()
    {
        var batch = new LogLineBatch();
        var output = new MemoryOutput();
        batch.Add(Numbered(1));
        var small = batch.Capacity;
        batch.Clear();
        Assert.Equal(small, batch.Capacity);

        var line = Encoding.UTF8.GetBytes(new string('b', 1023) + "\n");
        for (var i = 0; i < 1_000; i++)
        {
            batch.Add(line);
        }

        Assert.True(batch.Capacity > LogLineBatch.KeptBytes);
        batch.WriteTo(output);
        batch.Clear();

        Assert.True(batch.Capacity <= LogLineBatch.KeptBytes, $"{batch.Capacity} bytes kept");
        Assert.Equal(0, batch.Count);
        Assert.Equal(1_000, output.Lines.Count);
        Assert.Equal(1_000, output.Writes);
    }

    private static void WriteNumbered(LogLineWriter writer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            writer.Write(Numbered(i));
        }
    }

    /// <summary>A line as a formatter writes one, <c>{"n":7}</c> and its newline.</summary>
    private static byte[] Numbered(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}\n");

    private static ReadOnlySpan<byte> Fill(LogLineBuffer buffer, string message)
    {
        buffer.Line.Start(DateTime.UnixEpoch, LogLevel.Information, "filled", "Stepwise.Tests", exception: null);
        buffer.Line.SetMessage(null, message);
        buffer.Line.AddField("n", 1);
        return buffer.Format();
    }

    private static ILoggerFactory Factory(ILogLineSink sink) => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Debug);
        logging.AddProvider(new StepwiseLoggerProvider(
            sink, () => new JsonLogFormatter(), new LevelRules(LogLevel.Information), false, TimeProvider.System));
    });

    /// <summary>Counts the lines it gets and checks each is one JSON object with its request id, keeping nothing.</summary>
    private sealed class CountingSink : ILogLineSink
    {
        public int Lines { get; private set; }

        public bool Intact { get; private set; } = true;

        public void Write(ReadOnlySpan<byte> line)
        {
            Lines++;
            Intact &= line[0] == (byte)'{' && line[^2] == (byte)'}' && line[^1] == (byte)'\n'
                && line.IndexOf("\"request_id\":\"req-1\""u8) > 0;
        }
    }

    private sealed class MemoryOutput : ILogOutput
    {
        private readonly MemoryStream stream = new();

        public IReadOnlyList<string> Lines => Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>How many writes it had: one per line.</summary>
        public int Writes { get; private set; }

        public void Write(ReadOnlySpan<byte> line)
        {
            stream.Write(line);
            Writes++;
        }

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Counts the lines written to it, for tests that wait for the writer.</summary>
    private sealed class CountingOutput : ILogOutput
    {
        private int lines;

        public bool WaitFor(int count, TimeSpan timeout) => SpinWait.SpinUntil(() => Volatile.Read(ref lines) >= count, timeout);

        public void Write(ReadOnlySpan<byte> line) => Interlocked.Increment(ref lines);

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

    /// <summary>A sequence whose elements can be read once, like a stream's lines: a second enumeration throws.</summary>
    private sealed class ReadableOnce(int[] elements) : IEnumerable<int>
    {
        private bool _read;

        public IEnumerator<int> GetEnumerator()
        {
            if (_read)
            {
                throw new InvalidOperationException("this sequence can be read once");
            }

            _read = true;
            return ((IEnumerable<int>)elements).GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
