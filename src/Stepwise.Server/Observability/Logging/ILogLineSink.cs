namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Where formatted log lines go: the server's <see cref="LogLineWriter"/>, or memory in tests. Called on the logging
/// thread with the line's bytes (its newline included), which are the caller's again once it returns: a sink copies
/// what it keeps.
/// </summary>
internal interface ILogLineSink
{
    void Write(ReadOnlySpan<byte> line);
}
