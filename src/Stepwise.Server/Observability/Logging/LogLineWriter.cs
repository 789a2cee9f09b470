using System.Buffers;
using System.Threading.Channels;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Formats and writes log lines off the logging thread: lines go on a queue, and one loop formats everything waiting
/// and writes it to the output, flushing when the queue runs dry, then waits (without spinning) for more. When a line
/// arrives the loop first lets <see cref="Gather"/> pass, so a busy server makes one write per burst of lines rather
/// than one per line (a webhook request logs four at LOG_LEVEL=info); a quiet one shows each line 2 ms late. A full
/// queue (10,000 lines) makes loggers wait rather than lose lines; disposing writes what is queued.
/// </summary>
internal sealed class LogLineWriter : ILogLineSink, IDisposable
{
    private const int Capacity = 10_000;

    /// <summary>A line buffer grown past this (a huge exception or field) is let go after its line.</summary>
    private const int KeptLineBytes = 64 * 1024;

    /// <summary>How long the loop waits, once a line has arrived, for the lines that follow it.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(2);

    private readonly Channel<LogLine> _queue = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ILogOutput _output;
    private readonly ILogLineFormatter _formatter;
    private readonly Task _loop;
    private ArrayBufferWriter<byte> _line = new(1024);

    public LogLineWriter(ILogOutput output, ILogLineFormatter formatter)
    {
        _output = output;
        _formatter = formatter;
        _loop = Task.Run(WriteLoopAsync);
    }

    public void Write(LogLine line)
    {
        if (_queue.Writer.TryWrite(line))
        {
            return;
        }

        // Full: wait for room. Gone (disposed, the server stopping): the line is dropped.
        try
        {
            // Logging is synchronous (ILogger.Log): the one way to wait for room here.
#pragma warning disable VSTHRD002
            _queue.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        }
        catch (ChannelClosedException)
        {
            // Logged while the server stops, after the writer was disposed.
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();

        // Disposed last thing at exit (the logging provider goes with the container): the lines still queued are
        // written first.
#pragma warning disable VSTHRD002
        _loop.Wait(TimeSpan.FromSeconds(5));
#pragma warning restore VSTHRD002
        _output.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await Task.Delay(Gather).ConfigureAwait(false);
            try
            {
                WriteWaiting(reader);
            }
            catch (IOException)
            {
                // The output went away (standard output closed, the disk failed): keep draining the queue so
                // loggers never wait on it.
            }
        }
    }

    /// <summary>
    /// Synchronous on purpose: this loop is the only writer, and the console streams have no asynchronous write (their
    /// WriteAsync hands each write to another pool thread).
    /// </summary>
    private void WriteWaiting(ChannelReader<LogLine> reader)
    {
        while (reader.TryRead(out var line))
        {
            Format(line);
            _output.Write(_line.WrittenSpan);
            if (_line.Capacity > KeptLineBytes)
            {
                _line = new ArrayBufferWriter<byte>(1024);
            }
        }

        _output.Flush();
    }

    private void Format(LogLine line)
    {
        _line.ResetWrittenCount();
        try
        {
            _formatter.Format(line, _line);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // One line that cannot be written must not stop the loop (loggers would wait on a full queue forever):
            // it is written as what it was, without its fields.
            _line.ResetWrittenCount();
            _formatter.Format(
                new LogLine(
                    line.Timestamp, line.Level, line.EventName, line.Logger, null,
                    $"this line could not be formatted ({failure.GetType().Name}: {failure.Message})", [], null, null),
                _line);
        }
    }
}
