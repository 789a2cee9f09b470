using System.Buffers;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// A line format (LOG_FORMAT): writes one line, its newline included, as UTF-8 bytes. Not thread-safe: each logging
/// thread has its own (<see cref="LogLineBuffer"/>).
/// </summary>
internal interface ILogLineFormatter
{
    void Format(LogLine line, IBufferWriter<byte> output);
}
