namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Standard output or error: lines gathered in a buffer and written with one call when it fills or the queue runs
/// dry, rather than one write and flush per line.
/// </summary>
internal sealed class StreamLogOutput(Stream stream) : ILogOutput
{
    private const int BufferBytes = 32 * 1024;

    private readonly BufferedStream _buffered = new(stream, BufferBytes);

    public void Write(ReadOnlySpan<byte> line) => _buffered.Write(line);

    public void Flush() => _buffered.Flush();

    public void Dispose()
    {
        try
        {
            _buffered.Flush();
        }
        catch (IOException)
        {
            // The reader of standard output went away: nothing left to write to.
        }
    }
}
