namespace Stepwise.Server.Executions.Events;

/// <summary>
/// How the live event streams read the store: a run's stream every <see cref="RunPoll"/>, a list's every
/// <see cref="ListPoll"/>; a comment-free <c>heartbeat</c> event after <see cref="Heartbeat"/> of silence keeps proxies
/// from closing the connection; a stream ends after <see cref="MaxDuration"/> (clients reconnect) and a caller may hold
/// <see cref="MaxPerCaller"/> streams open on one node.
/// </summary>
internal sealed class EventStreamOptions
{
    public TimeSpan RunPoll { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ListPoll { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(15);

    public int MaxPerCaller { get; set; } = 8;
}
