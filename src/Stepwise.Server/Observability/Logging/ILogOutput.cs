namespace Stepwise.Server.Observability.Logging;

/// <summary>Where <see cref="LogLineWriter"/> puts formatted lines (LOG_OUTPUT): standard output or error, or a file.</summary>
internal interface ILogOutput : IDisposable
{
    /// <summary>Writes one whole line (buffered: see <see cref="Flush"/>).</summary>
    void Write(ReadOnlySpan<byte> line);

    /// <summary>Writes what is buffered: the writer calls it whenever its queue runs dry.</summary>
    void Flush();
}
