namespace Stepwise.Core.Storage;

/// <summary>
/// Listing runs for the API and CLI: filtered, newest first, with cursor pagination backed by the
/// (org, created_at) indexes. Kept apart from <see cref="IExecutionStore"/>, which the engine needs.
/// </summary>
public interface IExecutionQueries
{
    Task<ExecutionPage> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default);
}
