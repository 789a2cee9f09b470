using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Sinks.Async;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Writes log lines to standard output or error behind the async queue: lines are formatted into one buffer and
/// written out when the queue has run dry (or the buffer is full), so a busy server makes one write per burst of
/// lines rather than one write, and one flush, per line (which is what Serilog's console sink does), and a quiet one
/// still shows each line at once. Only the queue's single worker thread calls <see cref="Emit"/>.
/// </summary>
internal sealed class StreamBatchSink(Stream output, ITextFormatter formatter) : ILogEventSink, IAsyncLogEventSinkMonitor, IDisposable
{
    private const int FlushAtBytes = 32 * 1024;

    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), FlushAtBytes, leaveOpen: true)
    {
        AutoFlush = false,
    };

    private IAsyncLogEventSinkInspector? _queue;

    public void Emit(LogEvent logEvent)
    {
        formatter.Format(logEvent, _writer);

        // The StreamWriter writes through by itself when its buffer fills; the rest goes out once nothing is queued.
        if (_queue is not { Count: > 0 })
        {
            _writer.Flush();
        }
    }

    public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => _queue = inspector;

    public void StopMonitoring(IAsyncLogEventSinkInspector inspector) => _queue = null;

    public void Dispose()
    {
        _writer.Flush();
        _writer.Dispose();
    }
}
