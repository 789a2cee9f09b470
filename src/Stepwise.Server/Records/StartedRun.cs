using Stepwise.Core.Storage;

namespace Stepwise.Server.Records;

/// <summary>A run just created, and its end (or its state when the wait ran out; null if it could not be read).</summary>
internal sealed record StartedRun(ExecutionRecord Execution, Task<ExecutionRecord?> Finished);
