using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Tests.Observability;

/// <summary>
/// The server's logging pipeline (its provider with the level gate, formatting on the logging thread with one of our
/// formatters) handing its lines' bytes to memory instead of the writer, so a test can log through
/// Microsoft.Extensions.Logging as the server does and read the formatted lines at once.
/// </summary>
internal sealed class LogCapture : IDisposable
{
    private readonly Sink sink = new();
    private readonly ILoggerFactory factory;

    public LogCapture(Func<ILogLineFormatter> formatters, LogLevel level = LogLevel.Information, bool addSource = false)
    {
        factory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new StepwiseLoggerProvider(sink, formatters, new LevelRules(level), addSource, TimeProvider.System));
        });
    }

    public ILogger Logger(string category = "Stepwise.Tests") => factory.CreateLogger(category);

    public ILogger<T> Logger<T>() => new Logger<T>(factory);

    public IReadOnlyList<string> Lines => sink.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every line as the sink received it, one call each, newline included.</summary>
    public IReadOnlyList<string> Writes => sink.Writes;

    public void Dispose() => factory.Dispose();

    private sealed class Sink : ILogLineSink
    {
        private readonly ArrayBufferWriter<byte> output = new();
        private readonly List<string> writes = [];

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

        public IReadOnlyList<string> Writes
        {
            get
            {
                lock (output)
                {
                    return [.. writes];
                }
            }
        }

        public void Write(ReadOnlySpan<byte> line)
        {
            lock (output)
            {
                output.Write(line);
                writes.Add(Encoding.UTF8.GetString(line));
            }
        }
    }
}
