using System.Buffers;
using Serilog.Events;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// A line format that writes UTF-8 bytes straight into a buffer: a sink writing to a byte stream then copies no
/// string and encodes nothing a second time.
/// </summary>
internal interface IUtf8LogFormatter
{
    /// <summary>Writes one line, its newline included.</summary>
    void Format(LogEvent logEvent, IBufferWriter<byte> output);
}
