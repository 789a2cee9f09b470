namespace Stepwise.Server.Signals;

/// <summary>The answer to a signal: the wait it answered, now received; the run resumes on any node.</summary>
internal sealed record SignalSent(string ExecutionId, string Signal, string Status, SignalWaitDto Wait);
