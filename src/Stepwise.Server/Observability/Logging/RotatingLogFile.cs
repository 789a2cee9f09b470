using System.Globalization;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// LOG_OUTPUT=&lt;file&gt;: one file that is always the active one (<c>stepwise.log</c>), so <c>tail -f stepwise.log</c>
/// keeps following the server. A line that would take the file past the size limit goes to a fresh one: the file is
/// renamed to <c>stepwise_001.log</c> (the one before that moves to <c>_002</c>, and so on; the oldest beyond the
/// retained count is deleted). Rolling file sinks commonly do the opposite (new lines go to the newest suffix), which
/// breaks <c>tail -f</c>.
/// </summary>
internal sealed class RotatingLogFile : ILogOutput
{
    private const int BufferBytes = 64 * 1024;

    private readonly string _path;
    private readonly long _limit;
    private readonly int _retained;
    private FileStream _file;
    private long _size;

    public RotatingLogFile(string path, long limit, int retained)
    {
        _path = Path.GetFullPath(path);
        _limit = limit;
        _retained = Math.Max(1, retained);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _file = Open(out _size);
    }

    /// <summary>The name of the <paramref name="index"/>th rotated file: <c>stepwise_001.log</c> for 1.</summary>
    public static string RotatedPath(string path, int index) =>
        Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(path))!,
            $"{Path.GetFileNameWithoutExtension(path)}_{index.ToString("000", CultureInfo.InvariantCulture)}{Path.GetExtension(path)}");

    public void Write(ReadOnlySpan<byte> line)
    {
        if (_size > 0 && _size + line.Length > _limit)
        {
            Rotate();
        }

        _file.Write(line);
        _size += line.Length;
    }

    public void Flush() => _file.Flush();

    public void Dispose() => _file.Dispose();

    private FileStream Open(out long size)
    {
        var stream = new FileStream(
            _path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, BufferBytes);
        size = stream.Length;
        return stream;
    }

    private void Rotate()
    {
        _file.Dispose();
        if (_retained == 1)
        {
            File.Delete(_path);
        }
        else
        {
            File.Delete(RotatedPath(_path, _retained - 1));
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

        _file = Open(out _size);
    }
}
