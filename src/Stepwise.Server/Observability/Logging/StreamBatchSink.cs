using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Writes log lines to standard output or error off the request's thread: events go on a queue, and one loop formats
/// everything waiting into one buffer and writes it with one call, then waits (without spinning) for more. When a
/// line arrives the loop first lets <see cref="Gather"/> pass, so a busy server makes one write per burst of lines
/// rather than one per line (a webhook request logs four at LOG_LEVEL=info), where Serilog's async console pair made
/// one write and flush per line and spun its worker thread between lines; a quiet one shows each line 2 ms late. A
/// full queue (10,000 lines) makes loggers wait rather than lose lines; disposing writes what is queued.
/// </summary>
internal sealed class StreamBatchSink : ILogEventSink, IDisposable
{
    private const int Capacity = 10_000;
    private const int BufferBytes = 32 * 1024;

    /// <summary>How long the loop waits, once a line has arrived, for the lines that follow it.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(2);

    private readonly Channel<LogEvent> _queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Stream _output;
    private readonly StreamWriter _writer;
    private readonly ITextFormatter _formatter;
    private readonly IUtf8LogFormatter? _utf8;
    private readonly ArrayBufferWriter<byte> _batch = new(BufferBytes);
    private readonly Task _loop;

    public StreamBatchSink(Stream output, ITextFormatter formatter)
    {
        _output = output;
        _formatter = formatter;
        _utf8 = formatter as IUtf8LogFormatter;
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferBytes, leaveOpen: true)
        {
            AutoFlush = false,
        };
        _loop = Task.Run(WriteLoopAsync);
    }

    public void Emit(LogEvent logEvent)
    {
        if (!_queue.Writer.TryWrite(logEvent))
        {
            // Full: wait for room, as the async sink did with blockWhenFull. Gone (disposed): the line is dropped.
            try
            {
                // Serilog's sinks are synchronous: the one way to wait for room here.
#pragma warning disable VSTHRD002
                _queue.Writer.WriteAsync(logEvent).AsTask().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
            }
            catch (ChannelClosedException)
            {
                // Logged while the server stops, after the sink was disposed.
            }
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();

        // Serilog disposes sinks synchronously, last thing at exit: the lines still queued are written first.
#pragma warning disable VSTHRD002
        _loop.Wait(TimeSpan.FromSeconds(5));
#pragma warning restore VSTHRD002
        _writer.Dispose();
    }

    /// <summary>
    /// Formats what is waiting as bytes into one buffer, written whenever it fills and at the end. The writes are
    /// synchronous on purpose: this loop is the only writer, and the console streams have no asynchronous write (their
    /// WriteAsync hands each write to another pool thread).
    /// </summary>
    private void WriteBytes(ChannelReader<LogEvent> reader, IUtf8LogFormatter formatter)
    {
        try
        {
            while (reader.TryRead(out var logEvent))
            {
                formatter.Format(logEvent, _batch);
                if (_batch.WrittenCount >= BufferBytes)
                {
                    _output.Write(_batch.WrittenSpan);
                    _batch.ResetWrittenCount();
                }
            }

            if (_batch.WrittenCount > 0)
            {
                _output.Write(_batch.WrittenSpan);
            }

            _output.Flush();
        }
        finally
        {
            _batch.ResetWrittenCount();
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await Task.Delay(Gather).ConfigureAwait(false);

            try
            {
                if (_utf8 is not null)
                {
                    WriteBytes(reader, _utf8);
                    continue;
                }

                while (reader.TryRead(out var logEvent))
                {
                    // The writer writes through by itself whenever its buffer fills.
                    _formatter.Format(logEvent, _writer);
                }

                await _writer.FlushAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Standard output closed (the reader went away): nothing to write to; keep draining the queue.
            }
        }
    }
}
