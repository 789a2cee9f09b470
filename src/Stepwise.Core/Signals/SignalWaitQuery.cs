namespace Stepwise.Core.Signals;

/// <summary>
/// Filters of the list of waits of an organization, oldest first. <see cref="AfterSince"/> and
/// <see cref="AfterExecutionId"/> and <see cref="AfterName"/> continue after the last row of a previous page.
/// </summary>
public sealed record SignalWaitQuery(
    string OrgId,
    SignalWaitStatus? Status = SignalWaitStatus.Waiting,
    string? Workflow = null,
    string? Kind = null,
    int Limit = 50,
    DateTimeOffset? AfterSince = null,
    string? AfterExecutionId = null,
    string? AfterName = null);
