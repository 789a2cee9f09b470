namespace Stepwise.Server.Executions;

/// <summary>The log lines of a run, in the order they were written.</summary>
internal sealed record ExecutionLogs(string Id, IReadOnlyList<LogLineDto> Items);
