using System.IO.Pipelines;

namespace Stepwise.Server.Http.Rejections;

/// <summary>A connection's transport with its output replaced.</summary>
internal sealed class TransportPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
