using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// A run created claimed by this engine but not yet written (<see cref="RunOptions.WriteWhenFinished"/>): its journal
/// holds its entries and writes it whole when it ends, or at once, with everything held, when it is still going at
/// <see cref="WriteBy"/> or does anything but in-memory work.
/// </summary>
/// <param name="StartAudit">The audit entry of its start, written with its first record (<see cref="RunOptions.StartAudit"/>).</param>
internal sealed record UnwrittenRun(
    ExecutionRecord Execution, string LeaseOwner, DateTimeOffset LeaseUntil, DateTimeOffset WriteBy, AuditRecord? StartAudit = null);
