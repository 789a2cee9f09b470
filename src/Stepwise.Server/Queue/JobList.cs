namespace Stepwise.Server.Queue;

/// <summary>
/// The answer of <c>GET /api/v1/admin/jobs</c>: runs of one status (unfinished ones in the order workers take them,
/// finished ones newest first) and how many have that status in all.
/// </summary>
internal sealed record JobList(string Status, int Total, IReadOnlyList<JobDto> Items);
