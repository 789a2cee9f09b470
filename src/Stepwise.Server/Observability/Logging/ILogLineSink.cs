namespace Stepwise.Server.Observability.Logging;

/// <summary>Where captured log lines go: the server's <see cref="LogLineWriter"/>, or memory in tests.</summary>
internal interface ILogLineSink
{
    void Write(LogLine line);
}
