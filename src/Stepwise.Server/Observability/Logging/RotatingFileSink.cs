using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Writes log lines to one file that is always the active one (<c>stepwise.log</c>), so <c>tail -f stepwise.log</c>
/// keeps following the server. Past the size limit the file is renamed to <c>stepwise_001.log</c> (the one before
/// that moves to <c>_002</c>, and so on; the oldest beyond the retained count is deleted) and a fresh
/// <c>stepwise.log</c> is started. Lines are buffered and flushed every second and at dispose. Serilog's own rolling
/// file sink does the opposite (new lines go to the newest suffix), which is why this exists.
/// </summary>
internal sealed class RotatingFileSink : ILogEventSink, IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _path;
    private readonly ITextFormatter _formatter;
    private readonly long _limit;
    private readonly int _retained;
    private readonly Lock _gate = new();
    private readonly Timer _flusher;
    private StreamWriter _writer;
    private long _size;
    private bool _disposed;

    public RotatingFileSink(string path, ITextFormatter formatter, long limit, int retained)
    {
        _path = Path.GetFullPath(path);
        _formatter = formatter;
        _limit = limit;
        _retained = Math.Max(1, retained);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _writer = Open(out _size);
        _flusher = new Timer(_ => Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The name of the <paramref name="index"/>th rotated file: <c>stepwise_001.log</c> for 1.</summary>
    public static string RotatedPath(string path, int index) =>
        Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(path))!,
            $"{Path.GetFileNameWithoutExtension(path)}_{index.ToString("000", CultureInfo.InvariantCulture)}{Path.GetExtension(path)}");

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        _formatter.Format(logEvent, text);
        var line = text.ToString();
        var bytes = Utf8.GetByteCount(line);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_size > 0 && _size + bytes > _limit)
            {
                Rotate();
            }

            _writer.Write(line);
            _size += bytes;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _flusher.Dispose();
            _writer.Dispose();
        }
    }

    private void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _writer.Flush();
            }
        }
    }

    private StreamWriter Open(out long size)
    {
        var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        size = stream.Length;
        return new StreamWriter(stream, Utf8, bufferSize: 64 * 1024);
    }

    private void Rotate()
    {
        _writer.Dispose();
        var oldest = RotatedPath(_path, _retained - 1);
        if (_retained == 1)
        {
            File.Delete(_path);
        }
        else
        {
            File.Delete(oldest);
            for (var index = _retained - 2; index >= 1; index--)
            {
                var from = RotatedPath(_path, index);
                if (File.Exists(from))
                {
                    File.Move(from, RotatedPath(_path, index + 1));
                }
            }

            File.Move(_path, RotatedPath(_path, 1));
        }

        _writer = Open(out _size);
    }
}
