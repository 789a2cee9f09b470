namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Lines waiting for the log writer, as the bytes the logging threads formatted, one after the other, with where each
/// ends (a file output rotates between lines, never inside one). Filled by loggers under the writer's lock, written by
/// the writer's thread alone once swapped out, then cleared and filled again: its arrays are reused batch after batch,
/// and ones a burst grew past <see cref="KeptBytes"/> are let go.
/// </summary>
internal sealed class LogLineBatch
{
    /// <summary>A batch's bytes grown past this (a burst, a huge line) are let go once written.</summary>
    public const int KeptBytes = 256 * 1024;

    private const int InitialBytes = 16 * 1024;

    private const int KeptLines = 4 * 1024;

    private byte[] _bytes = new byte[InitialBytes];
    private List<int> _ends = new(64);

    /// <summary>How many lines it holds.</summary>
    public int Count => _ends.Count;

    /// <summary>How many bytes its lines take.</summary>
    public int Length { get; private set; }

    /// <summary>How many bytes it can hold before growing, for tests of its bound.</summary>
    public int Capacity => _bytes.Length;

    public void Add(ReadOnlySpan<byte> line)
    {
        if (line.Length > _bytes.Length - Length)
        {
            Grow(Length + line.Length);
        }

        line.CopyTo(_bytes.AsSpan(Length));
        Length += line.Length;
        _ends.Add(Length);
    }

    /// <summary>Writes its lines to <paramref name="output"/>, each whole, in the order they came.</summary>
    public void WriteTo(ILogOutput output)
    {
        var start = 0;
        for (var i = 0; i < _ends.Count; i++)
        {
            var end = _ends[i];
            output.Write(_bytes.AsSpan(start, end - start));
            start = end;
        }
    }

    public void Clear()
    {
        Length = 0;
        if (_bytes.Length > KeptBytes)
        {
            _bytes = new byte[InitialBytes];
        }

        if (_ends.Capacity > KeptLines)
        {
            _ends = new(64);
        }
        else
        {
            _ends.Clear();
        }
    }

    private void Grow(int needed)
    {
        var bigger = new byte[Math.Max(needed, 2 * _bytes.Length)];
        _bytes.AsSpan(0, Length).CopyTo(bigger);
        _bytes = bigger;
    }
}
