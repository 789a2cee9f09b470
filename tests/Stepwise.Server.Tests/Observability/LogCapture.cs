using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Tests.Observability;

/// <summary>
/// The server's logging pipeline (its provider with the level gate, one of our formatters) writing into memory on the
/// logging thread, so a test can log through Microsoft.Extensions.Logging as the server does and read the lines at once.
/// </summary>
internal sealed class LogCapture : IDisposable
{
    private readonly Sink sink;
    private readonly ILoggerFactory factory;

    public LogCapture(ILogLineFormatter formatter, LogLevel level = LogLevel.Information, bool addSource = false)
    {
        sink = new Sink(formatter);
        factory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new StepwiseLoggerProvider(sink, new LevelRules(level), addSource, TimeProvider.System));
        });
    }

    public ILogger Logger(string category = "Stepwise.Tests") => factory.CreateLogger(category);

    public ILogger<T> Logger<T>() => new Logger<T>(factory);

    public IReadOnlyList<string> Lines => sink.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose() => factory.Dispose();

    private sealed class Sink(ILogLineFormatter formatter) : ILogLineSink
    {
        private readonly ArrayBufferWriter<byte> output = new();

        public string Text
        {
            get
            {
                lock (output)
                {
                    return Encoding.UTF8.GetString(output.WrittenSpan);
                }
            }
        }

        public void Write(LogLine line)
        {
            lock (output)
            {
                formatter.Format(line, output);
            }
        }
    }
}
