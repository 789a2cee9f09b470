using System.Buffers;
using System.Collections.Concurrent;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Formats and writes log lines on a thread of its own: loggers put lines on a queue and return; the writer thread
/// waits (without spinning) for a line, lets <see cref="Gather"/> pass so the lines that follow join it, then formats
/// everything waiting and writes it in one go. A busy server makes one write per burst of lines rather than one per
/// line (a webhook request logs four at LOG_LEVEL=info); a quiet one shows each line 2 ms late. Its own thread, not
/// the thread pool's, because writing can block (a slow disk, a standard output whose reader lags): that must delay
/// lines, never requests. A full queue makes loggers wait for room rather than lose lines; disposing writes what is
/// queued.
/// </summary>
internal sealed class LogLineWriter : ILogLineSink, IDisposable
{
    public const int DefaultCapacity = 10_000;

    /// <summary>A line buffer grown past this (a huge exception or field) is let go after its line.</summary>
    private const int KeptLineBytes = 64 * 1024;

    /// <summary>How long the writer waits, once a line has arrived, for the lines that follow it.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(2);

    /// <summary>How long disposing waits for the queued lines to be written.</summary>
    private static readonly TimeSpan DrainOnDispose = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<LogLine> _queue = new();
    private readonly ILogOutput _output;
    private readonly ILogLineFormatter _formatter;
    private readonly int _capacity;
    private readonly Thread _thread;

    // The writer waits on this when the queue is empty; loggers pulse it when they find it waiting.
    private readonly object _lines = new();

    // Loggers wait on this when the queue is full; the writer pulses it after writing.
    private readonly object _room = new();

    private int _queued;
    private int _writerWaiting;
    private int _loggersWaiting;
    private volatile bool _stopping;
    private ArrayBufferWriter<byte> _line = new(1024);

    public LogLineWriter(ILogOutput output, ILogLineFormatter formatter, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _output = output;
        _formatter = formatter;
        _capacity = capacity;
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "Stepwise log writer" };
        _thread.Start();
    }

    public void Write(LogLine line)
    {
        if (_stopping)
        {
            // Logged while the server stops, after the writer was disposed: there is nothing left to write to.
            return;
        }

        if (Interlocked.Increment(ref _queued) > _capacity)
        {
            WaitForRoom();
        }

        _queue.Enqueue(line);

        // The enqueue is a full fence, so this read cannot miss a writer that found the queue empty and went to wait.
        if (Volatile.Read(ref _writerWaiting) == 1)
        {
            lock (_lines)
            {
                Monitor.Pulse(_lines);
            }
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        lock (_lines)
        {
            Monitor.Pulse(_lines);
        }

        lock (_room)
        {
            Monitor.PulseAll(_room);
        }

        // Disposed last thing at exit (the logging provider goes with the container): the lines still queued are
        // written first. A writer still stuck in a write after that keeps its output: closing it under the write
        // would only add an error to a process that is exiting.
        if (_thread.Join(DrainOnDispose))
        {
            _output.Dispose();
        }
    }

    private void WaitForRoom()
    {
        Interlocked.Increment(ref _loggersWaiting);
        try
        {
            lock (_room)
            {
                while (Volatile.Read(ref _queued) > _capacity && !_stopping)
                {
                    Monitor.Wait(_room);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _loggersWaiting);
        }
    }

    private void WriteLoop()
    {
        while (WaitForLines())
        {
            if (!_stopping)
            {
                // The gathering window, not a wait for a condition: the lines of a burst arriving meanwhile are written
                // with the first in one call. On this thread of its own, so nothing else waits on it.
                Thread.Sleep(Gather);
            }

            try
            {
                WriteWaiting();
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                // The output failed (standard output closed, the disk full or gone): the lines waiting are dropped and
                // the writer goes on, so loggers never wait on a dead queue, and an exception on this thread would
                // end the process.
                DropWaiting();
            }
        }
    }

    /// <summary>Waits until a line is queued; false once disposing and nothing is left to write.</summary>
    private bool WaitForLines()
    {
        if (!_queue.IsEmpty)
        {
            return true;
        }

        lock (_lines)
        {
            // A full fence before the check, paired with the logger's enqueue-then-read: one of the two sees the other.
            Interlocked.Exchange(ref _writerWaiting, 1);
            while (_queue.IsEmpty && !_stopping)
            {
                Monitor.Wait(_lines);
            }

            Interlocked.Exchange(ref _writerWaiting, 0);
        }

        return !_queue.IsEmpty;
    }

    private void WriteWaiting()
    {
        while (_queue.TryDequeue(out var line))
        {
            Taken();
            Format(line);
            _output.Write(_line.WrittenSpan);
            if (_line.Capacity > KeptLineBytes)
            {
                _line = new ArrayBufferWriter<byte>(1024);
            }
        }

        _output.Flush();
    }

    private void DropWaiting()
    {
        while (_queue.TryDequeue(out _))
        {
            Taken();
        }
    }

    /// <summary>One line left the queue: a logger waiting for room may go on.</summary>
    private void Taken()
    {
        Interlocked.Decrement(ref _queued);
        if (Volatile.Read(ref _loggersWaiting) > 0)
        {
            lock (_room)
            {
                Monitor.PulseAll(_room);
            }
        }
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
            // One line that cannot be written must not stop the writer (loggers would wait on a full queue forever):
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
