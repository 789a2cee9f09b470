namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Writes log lines on a thread of its own. Loggers hand it lines already formatted (on their own threads, by
/// <see cref="StepwiseLoggerProvider"/>): it copies their bytes into the batch being filled and returns. The writer
/// thread waits (without spinning) for a line, lets <see cref="DefaultGather"/> pass so the lines that follow join it,
/// then swaps the filled batch for an empty one and writes it in one go while loggers fill the other. A busy server
/// makes one write per burst of lines rather than one per line (a webhook request logs four at LOG_LEVEL=info); a quiet
/// one shows each line 2 ms late. After a write the writer lingers one more window before it parks: while lines keep
/// coming (requests back to back) it wakes on its own once per window and loggers never wake it, where waking a parked
/// writer costs the logging request a futex call and the writer a second wake-up per window (issue 19). Its own
/// thread, not the thread pool's, because writing can block (a slow disk, a standard output whose reader lags): that
/// must delay lines, never requests. A full batch (<c>capacity</c> lines, or
/// <c>byteCapacity</c> bytes) makes loggers wait for room rather than lose lines; disposing writes what is waiting.
/// </summary>
internal sealed class LogLineWriter : ILogLineSink, IDisposable
{
    public const int DefaultCapacity = 10_000;

    public const int DefaultByteCapacity = 8 * 1024 * 1024;

    /// <summary>How long the writer waits, once a line has arrived, for the lines that follow it.</summary>
    public static readonly TimeSpan DefaultGather = TimeSpan.FromMilliseconds(2);

    /// <summary>How long disposing waits for the waiting lines to be written.</summary>
    private static readonly TimeSpan DrainOnDispose = TimeSpan.FromSeconds(5);

    private readonly ILogOutput _output;
    private readonly TimeSpan _gather;
    private readonly int _capacity;
    private readonly int _byteCapacity;
    private readonly Thread _thread;

    // Guards the filling batch and the waiting flags; the writer waits on it for lines, loggers for room.
    private readonly object _gate = new();

    // Loggers add to the filling batch; the writer alone writes the other, then swaps them.
    private LogLineBatch _filling = new();
    private LogLineBatch _writing = new();

    private bool _writerWaiting;
    private int _loggersWaiting;
    private long _wakes;
    private volatile bool _stopping;

    public LogLineWriter(
        ILogOutput output, int capacity = DefaultCapacity, int byteCapacity = DefaultByteCapacity, TimeSpan? gather = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(byteCapacity, 1);
        _output = output;
        _gather = gather ?? DefaultGather;
        _capacity = capacity;
        _byteCapacity = byteCapacity;
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "Stepwise log writer" };
        _thread.Start();
    }

    /// <summary>How many lines found the writer parked and woke it, for tests of its lingering.</summary>
    public long Wakes => Interlocked.Read(ref _wakes);

    /// <summary>Whether the writer is parked, waiting for a line to wake it, for tests of its lingering.</summary>
    public bool IsParked
    {
        get
        {
            lock (_gate)
            {
                return _writerWaiting;
            }
        }
    }

    public void Write(ReadOnlySpan<byte> line)
    {
        if (_stopping)
        {
            // Logged while the server stops, after the writer was disposed: there is nothing left to write to.
            return;
        }

        lock (_gate)
        {
            while (!HasRoomFor(line.Length) && !_stopping)
            {
                _loggersWaiting++;
                Monitor.Wait(_gate);
                _loggersWaiting--;
            }

            _filling.Add(line);
            if (_writerWaiting)
            {
                _wakes++;
                Monitor.PulseAll(_gate);
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
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }

        // Disposed last thing at exit (the logging provider goes with the container): the lines still waiting are
        // written first. A writer still stuck in a write after that keeps its output: closing it under the write
        // would only add an error to a process that is exiting.
        if (_thread.Join(DrainOnDispose))
        {
            _output.Dispose();
        }
    }

    /// <summary>Whether the filling batch takes a line of <paramref name="bytes"/> now: any line goes into an empty one.</summary>
    private bool HasRoomFor(int bytes) =>
        _filling.Count == 0 || (_filling.Count < _capacity && _filling.Length <= _byteCapacity - bytes);

    private void WriteLoop()
    {
        while (WaitForLines())
        {
            if (!_stopping)
            {
                // The gathering window, not a wait for a condition: the lines of a burst arriving meanwhile are written
                // with the first in one call. On this thread of its own, so nothing else waits on it.
                Thread.Sleep(_gather);
            }

            while (SwapBatches())
            {
                WriteBatch();
                if (!_stopping)
                {
                    // Lingering, not parked: lines logged in this window are gathered by it and need no wake-up. A
                    // window that brings none ends the loop and the writer parks, so an idle server costs one more.
                    Thread.Sleep(_gather);
                }
            }
        }
    }

    private void WriteBatch()
    {
        try
        {
            _writing.WriteTo(_output);
            _output.Flush();
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The output failed (standard output closed, the disk full or gone): the batch is dropped and the
            // writer goes on, so loggers never wait on a dead writer, and an exception on this thread would end
            // the process.
        }

        _writing.Clear();
    }

    /// <summary>Waits until a line is waiting; false once disposing and nothing is left to write.</summary>
    private bool WaitForLines()
    {
        lock (_gate)
        {
            while (_filling.Count == 0 && !_stopping)
            {
                _writerWaiting = true;
                Monitor.Wait(_gate);
                _writerWaiting = false;
            }

            return _filling.Count > 0;
        }
    }

    /// <summary>
    /// Takes the filled batch to write and gives loggers the empty one: loggers waiting for room may go on. False, and
    /// nothing swapped, when no line is waiting.
    /// </summary>
    private bool SwapBatches()
    {
        lock (_gate)
        {
            if (_filling.Count == 0)
            {
                return false;
            }

            (_filling, _writing) = (_writing, _filling);
            if (_loggersWaiting > 0)
            {
                Monitor.PulseAll(_gate);
            }

            return true;
        }
    }
}
