using Stepwise.Core.Query.Checking;

namespace Stepwise.Core.Query;

/// <summary>Runs a checked query within one organization, with a row limit (the query's) and a time limit.</summary>
internal interface IQueryRunner
{
    /// <summary>The rows, or a CompilerError or ExecutionError as a value; cancellation by the caller still throws.</summary>
    Task<QueryOutcome> RunAsync(string orgId, CheckedQuery query, TimeSpan timeout, CancellationToken cancellationToken = default);
}
