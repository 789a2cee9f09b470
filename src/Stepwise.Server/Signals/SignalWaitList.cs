namespace Stepwise.Server.Signals;

/// <summary>A page of waits, oldest first; <c>next_cursor</c> continues after it.</summary>
internal sealed record SignalWaitList(IReadOnlyList<SignalWaitDto> Items, string? NextCursor);
