using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Stepwise.Server.Hosting;
using Stepwise.Server.Observability.Logging;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Observability;

public sealed class LogFormatTests
{
    [Fact]
    public void Json_EngineEvent_WritesEventNameAndSnakeCaseFields()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());

        TestLog.ExecutionFinished(capture.Logger("Stepwise.Core.Scheduling"), "ex-1", "greet", "succeeded", 12.5);

        var line = JsonNode.Parse(capture.Lines.Single())!.AsObject();
        Assert.Equal("execution.end", (string?)line["event"]);
        Assert.Equal("info", (string?)line["level"]);
        Assert.Equal("ex-1", (string?)line["execution_id"]);
        Assert.Equal("greet", (string?)line["workflow"]);
        Assert.Equal("succeeded", (string?)line["status"]);
        Assert.Equal(12.5, (double)line["duration_ms"]!);
        Assert.Equal("Stepwise.Core.Scheduling", (string?)line["logger"]);
        Assert.Equal("execution.end execution_id=ex-1 workflow=greet status=succeeded duration_ms=12.5", (string?)line["message"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string?)line["timestamp"]);
    }

    [Theory]
    [InlineData(0, "2026-12-07T06:30:05.000Z")]
    [InlineData(1_234_567, "2026-12-07T06:30:05.123Z")]
    [InlineData(9_999_999, "2026-12-07T06:30:05.999Z")]
    public void Json_Timestamp_UtcWithMillisecondsCutNotRounded(long ticks, string expected)
    {
        var at = new DateTime(2026, 12, 7, 6, 30, 5, DateTimeKind.Utc).AddTicks(ticks);
        var line = Line(at, LogLevel.Warning, "x.y", "m");
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        new JsonLogFormatter().Format(line, output);
        new TextLogFormatter().Format(line, output);

        var lines = System.Text.Encoding.UTF8.GetString(output.WrittenSpan).Split('\n');
        Assert.Equal(expected, (string?)JsonNode.Parse(lines[0])!["timestamp"]);
        Assert.Equal("warn", (string?)JsonNode.Parse(lines[0])!["level"]);
        Assert.StartsWith(expected + " warn ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_Timestamp_LocalTimeWrittenInUtc()
    {
        var utc = new DateTime(2026, 12, 7, 6, 30, 5, 250, DateTimeKind.Utc);
        var line = Line(utc.ToLocalTime(), LogLevel.Information, null, "m");
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        new JsonLogFormatter().Format(line, output);

        Assert.Equal("2026-12-07T06:30:05.250Z", (string?)JsonNode.Parse(output.WrittenSpan.ToArray())!["timestamp"]);
    }

    [Fact]
    public void Json_ScopeFields_AreOnEveryLineOfTheScope()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        var logger = capture.Logger();

        using (logger.BeginScope(new Dictionary<string, object?> { ["request_id"] = "req-7" }))
        {
            TestLog.ExecutionFinished(logger, "ex-1", "greet", "failed", 1);
        }

        TestLog.ExecutionFinished(logger, "ex-2", "greet", "failed", 1);

        Assert.Equal("req-7", (string?)JsonNode.Parse(capture.Lines[0])!["request_id"]);
        Assert.Null(JsonNode.Parse(capture.Lines[1])!["request_id"]);
    }

    [Fact]
    public void Json_ErrorFields_NestedAsTheEnvelopeIs()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());

        TestLog.DomainError(capture.Logger(), 404, "NOT_FOUND", "Workflow 'x' not found");

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("domain.error", (string?)line["event"]);
        Assert.Equal("NOT_FOUND", (string?)line["error"]!["code"]);
        Assert.Equal("Workflow 'x' not found", (string?)line["error"]!["message"]);
        Assert.Equal(404, (int)line["status_code"]!);
        Assert.Null(line["error_code"]);
    }

    [Fact]
    public void Json_FieldsNamedLikeTheLinesOwn_AreWrittenBesideThemWithAnUnderscore()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());

        TestLog.NamedLikeTheLine(capture.Logger("Stepwise.Tests"), "high", "deploy");

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("info", (string?)line["level"]);
        Assert.Equal("named.like.the.line", (string?)line["event"]);
        Assert.Equal("high", (string?)line["_level"]);
        Assert.Equal("deploy", (string?)line["_event"]);
    }

    [Fact]
    public void Json_SecretFields_AreMaskedInFieldsAndMessage()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());

        TestLog.Login(capture.Logger(), "hunter2", "sk-live-123", "ada");

        var text = capture.Lines.Single();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-123", text, StringComparison.Ordinal);
        var line = JsonNode.Parse(text)!;
        Assert.Equal(LogFieldNames.Redacted, (string?)line["password"]);
        Assert.Equal(LogFieldNames.Redacted, (string?)line["api_key"]);
        Assert.Equal("login with password=[redacted] api_key=[redacted] for ada", (string?)line["message"]);
    }

    [Fact]
    public void Json_Exception_StackInTheLine()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter());
        Exception thrown;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException exception)
        {
            thrown = exception;
        }

        TestLog.Unhandled(capture.Logger(), "/api/v1/x", thrown);

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("unhandled exception", (string?)line["event"]);
        Assert.Equal("error", (string?)line["level"]);
        Assert.Contains("System.InvalidOperationException: boom", (string?)line["exception"], StringComparison.Ordinal);
        Assert.Contains(nameof(Json_Exception_StackInTheLine), (string?)line["exception"], StringComparison.Ordinal);
    }

    [Fact]
    public void Text_Event_OneLineWithLevelMessageAndRequestId()
    {
        using var capture = new LogCapture(() => new TextLogFormatter());
        var logger = capture.Logger();

        using (logger.BeginScope(new Dictionary<string, object?> { ["request_id"] = "req-9" }))
        {
            TestLog.ExecutionFinished(logger, "ex-1", "greet", "succeeded", 3);
        }

        Assert.Matches(
            @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info  execution\.end execution_id=ex-1 workflow=greet status=succeeded duration_ms=3 request_id=req-9$",
            capture.Lines.Single());
    }

    [Fact]
    public async Task Gate_DebugEvent_WrittenOnlyOnADebugRequestFlow()
    {
        using var capture = new LogCapture(() => new JsonLogFormatter(), LogLevel.Information);
        var logger = capture.Logger();

        TestLog.StepFinished(logger, "outside");
        await Task.Run(() =>
        {
            DebugRequests.Activate();
            TestLog.StepFinished(logger, "inside");
        });
        TestLog.StepFinished(logger, "after");

        var line = JsonNode.Parse(capture.Lines.Single())!;
        Assert.Equal("inside", (string?)line["step_id"]);
        Assert.Equal("debug", (string?)line["level"]);
    }

    [Fact]
    public void Gate_Framework_WarningsOnlyUnlessDebug()
    {
        var rules = new LevelRules(LogLevel.Information);

        Assert.Equal(LogLevel.Warning, rules.For("Microsoft.AspNetCore.Routing.EndpointMiddleware"));
        Assert.Equal(LogLevel.Information, rules.For("Microsoft.Hosting.Lifetime"));
        Assert.Equal(LogLevel.None, rules.For("Microsoft.AspNetCore.Hosting.Diagnostics"));
        Assert.Equal(LogLevel.Information, rules.For("Stepwise.Core.Scheduling"));
        Assert.Equal(LogLevel.Error, new LevelRules(LogLevel.Error).For("Microsoft.Hosting.Lifetime"));
    }

    [Theory]
    [InlineData("ExecutionId", "execution_id")]
    [InlineData("DurationMs", "duration_ms")]
    [InlineData("request_id", "request_id")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("Version", "version")]
    [InlineData("status_code", "status_code")]
    public void SnakeCase_Names_Converted(string name, string expected) =>
        Assert.Equal(expected, LogFieldNames.ToSnakeCase(name));

    [Theory]
    [InlineData("LOG_LEVEL", "verbose", "LOG_LEVEL: 'verbose' is not one of debug, info, warn, error.")]
    [InlineData("LOG_FORMAT", "xml", "LOG_FORMAT: 'xml' is not json or text.")]
    [InlineData("LOG_ADD_SOURCE", "maybe", "LOG_ADD_SOURCE: 'maybe' is not true or false.")]
    public void Settings_BadValue_NamesTheSetting(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<ServerConfigurationException>(() => LogSettings.Read(configuration));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Settings_OutputIsAFolder_NamesTheSetting()
    {
        using var folder = new TempFolder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("LOG_OUTPUT", folder.Path)]).Build();

        var error = Assert.Throws<ServerConfigurationException>(() => LogSettings.Read(configuration));

        Assert.StartsWith($"LOG_OUTPUT: '{folder.Path}' is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_Defaults_InfoJsonStdout()
    {
        var settings = LogSettings.Read(new ConfigurationBuilder().Build());

        Assert.Equal(LogSettings.Default, settings);
        Assert.Equal(10 * 1024 * 1024, settings.FileSizeLimit);
    }

    [Fact]
    public void FileOutput_PastTheSizeLimit_RotatesAndKeepsFiveFiles()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "logs", "stepwise.log");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("LOG_OUTPUT", path)]).Build();
        var settings = LogSettings.Read(configuration) with { FileSizeLimit = 4096 };

        using (var writer = LoggingSetup.CreateWriter(settings))
        {
            var padding = new string('x', 200);
            for (var i = 0; i < 400; i++)
            {
                writer.Write(Encoding.UTF8.GetBytes($"{{\"n\":{i},\"padding\":\"{padding}\"}}\n"));
            }
        }

        var files = Directory.GetFiles(Path.GetDirectoryName(path)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(LogSettings.RetainedFiles, files.Count);
        Assert.All(files, file => Assert.True(new FileInfo(file).Length <= 4096, file));

        // The active file is always stepwise.log, with the newest line; stepwise_001.log holds the lines just before.
        Assert.Equal(
            ["stepwise.log", "stepwise_001.log", "stepwise_002.log", "stepwise_003.log", "stepwise_004.log"],
            files.Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        var active = File.ReadAllLines(path);
        Assert.Equal(399, (int)JsonNode.Parse(active[^1])!["n"]!);
        var previous = File.ReadAllLines(Path.Combine(folder.Path, "logs", "stepwise_001.log"));
        Assert.Equal((int)JsonNode.Parse(active[0])!["n"]! - 1, (int)JsonNode.Parse(previous[^1])!["n"]!);
        var older = File.ReadAllLines(Path.Combine(folder.Path, "logs", "stepwise_002.log"));
        Assert.Equal((int)JsonNode.Parse(previous[0])!["n"]! - 1, (int)JsonNode.Parse(older[^1])!["n"]!);
    }

    [Fact]
    public void FileOutput_WhileWriting_ActiveFileIsFlushedWithinSeconds()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "stepwise.log");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("LOG_OUTPUT", path)]).Build();
        using var writer = LoggingSetup.CreateWriter(LogSettings.Read(configuration));

        writer.Write("{\"message\":\"tail me\"}\n"u8);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10) && !(File.Exists(path) && File.ReadAllText(path).Contains("tail me", StringComparison.Ordinal)))
        {
            Thread.Sleep(100);
        }

        Assert.Contains("tail me", File.ReadAllText(path), StringComparison.Ordinal);
    }

    private static LogLine Line(DateTime at, LogLevel level, string? eventName, string message)
    {
        var line = new LogLine();
        line.Start(at, level, eventName, "Stepwise.Tests", exception: null);
        line.SetMessage(null, message);
        return line;
    }
}
