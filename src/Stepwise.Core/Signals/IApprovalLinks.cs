using System.Text.Json.Nodes;

namespace Stepwise.Core.Signals;

/// <summary>
/// Signed links that approve or reject one wait of one run, for people without an API key (an email's buttons).
/// The host that serves them implements it with a key every node shares; without one, approvals have no links.
/// </summary>
public interface IApprovalLinks
{
    /// <summary><c>{"approve_url": ..., "reject_url": ...}</c> for the wait <paramref name="name"/> of the run.</summary>
    JsonObject Create(string orgId, string executionId, string name);
}
