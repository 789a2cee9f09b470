using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Tests.Observability;

/// <summary>
/// The server's logging pipeline (level gate, Serilog, one of our formatters) writing into memory, so a test can
/// log through Microsoft.Extensions.Logging as the server does and read the lines.
/// </summary>
internal sealed class LogCapture : IDisposable
{
    private readonly StringWriter output = new();
    private readonly ILoggerFactory factory;

    public LogCapture(ITextFormatter formatter, Microsoft.Extensions.Logging.LogLevel level = Microsoft.Extensions.Logging.LogLevel.Information)
    {
        var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new Sink(formatter, output)).CreateLogger();
        factory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
            logging.AddProvider(new LevelGateLoggerProvider(new SerilogLoggerProvider(serilog, dispose: true), new LevelRules(level)));
        });
    }

    public Microsoft.Extensions.Logging.ILogger Logger(string category = "Stepwise.Tests") => factory.CreateLogger(category);

    public ILogger<T> Logger<T>() => new Logger<T>(factory);

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (output)
            {
                return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    public void Dispose()
    {
        factory.Dispose();
        output.Dispose();
    }

    private sealed class Sink(ITextFormatter formatter, StringWriter output) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (output)
            {
                formatter.Format(logEvent, output);
            }
        }
    }
}
